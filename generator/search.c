/* The search index of a language: its products' words, folded, as a plain
 * script that a page loads from file:// as well as from a server. */
#include "search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "arena.h"
#include "images.h"
#include "layout.h"
#include "markdown.h"
#include "text.h"
#include "util.h"

/* Where a word describes the product, best first. The first three say what
 * the product is and who makes it where; a query found there is a strong
 * match. The text (summary and story) only mentions things. */
enum field {
	FIELD_NAME,
	FIELD_PRODUCER,
	FIELD_PLACE, /* group, district */
	FIELD_TEXT,  /* summary, story */
};

/* A word that the texts of more than this share of the products hold (the
 * star scale, a disclaimer, "on this page") tells them apart from nothing:
 * its text postings are left out, those of names and places kept. Words
 * that fewer share ("export", a place a story names) stay, as mentions. */
#define SHARED_TEXT_SHARE 2 /* one product in two */
#define SHARED_TEXT_MIN 5   /* but never fewer than five products */

/* Longer runs of letters are not words anyone types (identifiers, URLs
 * without their punctuation); leaving them out keeps the index small. */
#define MAX_WORD_CHARS 32

struct term {
	const char *s;
	size_t len;
	uint32_t *post; /* product * 4 + field, ascending */
	size_t n, cap;
};

struct index {
	struct arena arena;
	struct term *terms;
	size_t nterms, cap;
	size_t *slots; /* term number + 1, 0 for empty; a power of two */
	size_t nslots;
};

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

static void rehash(struct index *ix)
{
	size_t n = ix->nslots ? ix->nslots * 2 : 4096;
	size_t *slots = xcalloc(n, sizeof(*slots));
	for (size_t t = 0; t < ix->nterms; t++) {
		size_t i = hash(ix->terms[t].s, ix->terms[t].len) & (n - 1);
		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = t + 1;
	}
	free(ix->slots);
	ix->slots = slots;
	ix->nslots = n;
}

static void add_term(struct index *ix, const char *s, size_t len, uint32_t doc,
		     enum field field)
{
	if ((ix->nterms + 1) * 2 > ix->nslots)
		rehash(ix);
	size_t i = hash(s, len) & (ix->nslots - 1);
	struct term *t = NULL;
	while (ix->slots[i]) {
		struct term *c = &ix->terms[ix->slots[i] - 1];
		if (c->len == len && !memcmp(c->s, s, len)) {
			t = c;
			break;
		}
		i = (i + 1) & (ix->nslots - 1);
	}
	if (!t) {
		XGROW(ix->terms, ix->nterms, ix->cap);
		t = &ix->terms[ix->nterms++];
		*t = (struct term){.s = arena_strndup(&ix->arena, s, len),
				   .len = len};
		ix->slots[i] = ix->nterms;
	}
	uint32_t p = doc * 4 + (uint32_t)field;
	if (t->n && t->post[t->n - 1] / 4 == doc) {
		if (p < t->post[t->n - 1])
			t->post[t->n - 1] = p;
		return;
	}
	XGROW(t->post, t->n, t->cap);
	t->post[t->n++] = p;
}

/* Han (with its extensions and compatibility ideographs), hiragana and
 * katakana: scripts written without spaces between words. search.js has
 * the same list. */
static bool is_cjk(int32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x3FFFF);
}

static bool is_word_char(int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

/* Adds the words of a text, folded first. */
static void add_text(struct index *ix, const char *text, uint32_t doc,
		     enum field field)
{
	if (!text || !*text)
		return;
	char *f = text_fold(text, strlen(text));
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)f;
	size_t len = strlen(f), i = 0;
	size_t word = 0, nchars = 0;   /* the word being read: start, chars */
	size_t prev = 0, prev_len = 0; /* the CJK character before, if any */
	while (i <= len) {
		int32_t c = -1;
		utf8proc_ssize_t n = 1;
		if (i < len) {
			n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i),
					     &c);
			if (n <= 0) {
				n = 1;
				c = -1;
			}
		}
		bool cjk = c >= 0 && is_cjk(c);
		bool w = c >= 0 && !cjk && is_word_char(c);
		if (w) {
			if (!nchars)
				word = i;
			nchars++;
		} else if (nchars) {
			if (nchars <= MAX_WORD_CHARS)
				add_term(ix, f + word, i - word, doc, field);
			nchars = 0;
		}
		if (cjk) {
			add_term(ix, f + i, (size_t)n, doc, field);
			if (prev_len)
				add_term(ix, f + prev, prev_len + (size_t)n,
					 doc, field);
			prev = i;
			prev_len = (size_t)n;
		} else {
			prev_len = 0;
		}
		i += (size_t)n;
	}
	free(f);
}

/* A JSON string that is also safe inside a script element and in any
 * JavaScript parser: '<', '>' and '&' escaped, and U+2028 and U+2029, which
 * older parsers take for line ends. */
static void add_json(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
	     p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, (char)*p);
		} else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&') {
			buf_printf(out, "\\u%04x", *p);
		} else if (p[0] == 0xE2 && p[1] == 0x80 &&
			   (p[2] == 0xA8 || p[2] == 0xA9)) {
			buf_printf(out, "\\u%04x",
				   p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else {
			buf_addc(out, (char)*p);
		}
	}
	buf_addc(out, '"');
}

/* A code point's first UTF-16 code unit, which is what orders two strings
 * in JavaScript where they first differ (a supplementary character sorts
 * between U+D7FF and U+E000 there). */
static int32_t utf16_key(int32_t c)
{
	return c < 0x10000 ? c : 0xD800 + ((c - 0x10000) >> 10);
}

static int utf16_cmp(const void *x, const void *y)
{
	const struct term *a = *(const struct term *const *)x;
	const struct term *b = *(const struct term *const *)y;
	size_t i = 0, j = 0;
	while (i < a->len && j < b->len) {
		int32_t ca, cb;
		utf8proc_ssize_t na =
			utf8proc_iterate((const utf8proc_uint8_t *)a->s + i,
					 (utf8proc_ssize_t)(a->len - i), &ca);
		utf8proc_ssize_t nb =
			utf8proc_iterate((const utf8proc_uint8_t *)b->s + j,
					 (utf8proc_ssize_t)(b->len - j), &cb);
		if (na <= 0 || nb <= 0)
			return memcmp(a->s + i, b->s + j, 1);
		if (ca != cb) {
			int32_t ka = utf16_key(ca), kb = utf16_key(cb);
			if (ka == kb)
				return ca < cb ? -1 : 1;
			return ka < kb ? -1 : 1;
		}
		i += (size_t)na;
		j += (size_t)nb;
	}
	return (i < a->len) - (j < b->len);
}

/* Leaves out the text postings of words that many products' texts share,
 * and then the words with no posting left. */
static void drop_shared_text(struct index *ix, size_t nproducts)
{
	size_t limit = nproducts / SHARED_TEXT_SHARE;
	if (limit < SHARED_TEXT_MIN)
		limit = SHARED_TEXT_MIN;
	size_t kept = 0;
	for (size_t i = 0; i < ix->nterms; i++) {
		struct term *t = &ix->terms[i];
		size_t in_text = 0;
		for (size_t k = 0; k < t->n; k++)
			in_text += t->post[k] % 4 == FIELD_TEXT;
		if (in_text > limit) {
			size_t n = 0;
			for (size_t k = 0; k < t->n; k++)
				if (t->post[k] % 4 != FIELD_TEXT)
					t->post[n++] = t->post[k];
			t->n = n;
		}
		if (!t->n) {
			free(t->post);
			continue;
		}
		ix->terms[kept++] = *t;
	}
	ix->nterms = kept;
	/* The hash slots point at the old places; nothing looks them up
	 * again. */
	free(ix->slots);
	ix->slots = NULL;
	ix->nslots = 0;
}

/* The narrowest published variant of a product's first image, or "". */
static const char *thumbnail(const struct model *m, const struct images *images,
			     struct arena *a, const struct product *p)
{
	(void)m;
	if (!p->nimages)
		return "";
	const struct image_result *res =
		images_find(images, layout_media_path(a, "products", p->slug,
						      p->images[0].file));
	if (!res || !res->nvariants)
		return "";
	return res->variants[0].site_path;
}

void search_write_index(const struct site_view *v, size_t lang, struct buf *out)
{
	const struct model *m = v->m;
	const struct images *images = v->images;
	struct index ix = {0};
	for (size_t i = 0; i < m->nproducts; i++) {
		const struct product *p = &m->products[i];
		uint32_t doc = (uint32_t)i;
		add_text(&ix, ltext_get(&p->name, lang, NULL), doc, FIELD_NAME);
		/* The name in the default language too: buyers everywhere type
		 * the Vietnamese name they saw on a pack. */
		add_text(&ix, p->name.s[0], doc, FIELD_NAME);
		add_text(&ix, ltext_get(&p->producer->name, lang, NULL), doc,
			 FIELD_PRODUCER);
		add_text(&ix, ltext_get(&p->summary, lang, NULL), doc,
			 FIELD_TEXT);
		add_text(&ix, ltext_get(&p->group->name, lang, NULL), doc,
			 FIELD_PLACE);
		if (p->district)
			add_text(&ix, ltext_get(&p->district->name, lang, NULL),
				 doc, FIELD_PLACE);
		const char *body =
			p->body.src[lang] ? p->body.src[lang] : p->body.src[0];
		if (body) {
			char *text = markdown_text(body);
			add_text(&ix, text, doc, FIELD_TEXT);
			free(text);
		}
	}
	drop_shared_text(&ix, m->nproducts);

	buf_adds(out, "window.OCOP_SEARCH={\"lang\":");
	add_json(out, m->site.langs[lang]);
	buf_adds(out, ",\n\"producers\":[");
	for (size_t i = 0; i < m->nproducers; i++) {
		if (i)
			buf_addc(out, ',');
		add_json(out, ltext_get(&m->producers[i].name, lang, NULL));
	}
	buf_adds(out, "],\n\"districts\":[");
	for (size_t i = 0; i < m->site.ndistricts; i++) {
		if (i)
			buf_addc(out, ',');
		add_json(out,
			 ltext_get(&m->site.districts[i].name, lang, NULL));
	}
	buf_adds(out, "],\n\"docs\":[");
	for (size_t i = 0; i < m->nproducts; i++) {
		const struct product *p = &m->products[i];
		struct arena a = {0};
		buf_adds(out, i ? ",\n[" : "\n[");
		add_json(out, ltext_get(&p->name, lang, NULL));
		buf_addc(out, ',');
		add_json(out, layout_path(m, &a, PAGE_PRODUCT, lang, i));
		buf_addc(out, ',');
		add_json(out, thumbnail(m, images, &a, p));
		buf_printf(out, ",%d,%ld,%ld]", p->stars,
			   (long)(p->producer - m->producers),
			   p->district ? (long)(p->district - m->site.districts)
				       : -1L);
		arena_release(&a);
	}

	const struct term **sorted = xmalloc((ix.nterms + 1) * sizeof(*sorted));
	for (size_t i = 0; i < ix.nterms; i++)
		sorted[i] = &ix.terms[i];
	qsort(sorted, ix.nterms, sizeof(*sorted), utf16_cmp);
	buf_adds(out, "],\n\"terms\":[");
	for (size_t i = 0; i < ix.nterms; i++) {
		if (i)
			buf_addc(out, ',');
		add_json(out, sorted[i]->s);
	}
	buf_adds(out, "],\n\"postings\":[");
	for (size_t i = 0; i < ix.nterms; i++) {
		buf_adds(out, i ? ",[" : "[");
		/* Each number after the first is the difference from the one
		 * before: small numbers, fewer digits. */
		for (size_t k = 0; k < sorted[i]->n; k++)
			buf_printf(
				out, k ? ",%u" : "%u",
				(unsigned)(sorted[i]->post[k] -
					   (k ? sorted[i]->post[k - 1] : 0)));
		buf_addc(out, ']');
	}
	buf_adds(out, "]};\n");

	free(sorted);
	for (size_t i = 0; i < ix.nterms; i++)
		free(ix.terms[i].post);
	free(ix.terms);
	free(ix.slots);
	arena_release(&ix.arena);
}
