/* The search index of a language: its products' words, folded, as a plain
 * script that a page loads from file:// as well as from a server. */
#include "search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

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
	FIELD_PLACE, /* group, area */
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

/* The marked forms of a term told apart ("nấm" and "nặm" of "nam"); a
 * term with more has the rest unrecorded, which search.js takes as
 * agreeing with any query. JavaScript's bit operations have 32 bits, one
 * of them the sign. */
#define MAX_VARIANTS 30

struct posting {
	uint32_t doc_field; /* product * 4 + field */
	uint32_t places; /* the words of the name or address it is, as bits */
	uint32_t marks;	 /* the term's variants the product has, as bits */
};

struct term {
	const char *s;
	size_t len;
	struct posting *post; /* ascending */
	size_t n, cap;
	/* The forms with marks that the term was folded from (text_fold_marked
	 * of the words), the unmarked one included when met; owned by the
	 * index's arena. */
	const char *var[MAX_VARIANTS];
	size_t nvar;
};

/* Strings, each numbered in the order it was first given: an
 * open-addressing hash of the numbers over the copies kept in an arena. */
struct strtab {
	struct arena *arena;
	struct key {
		const char *s;
		size_t len;
	} * keys;
	size_t n, cap;
	size_t *slots; /* number + 1, 0 for empty; a power of two */
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

static void rehash(struct strtab *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 4096;
	size_t *slots = xcalloc(n, sizeof(*slots));
	for (size_t k = 0; k < t->n; k++) {
		size_t i = hash(t->keys[k].s, t->keys[k].len) & (n - 1);
		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = k + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
}

/* The number of s in t; a new string is copied and given the next number,
 * t->n - 1, and *added is set. */
static size_t strtab_find(struct strtab *t, const char *s, size_t len,
			  bool *added)
{
	if ((t->n + 1) * 2 > t->nslots)
		rehash(t);
	size_t i = hash(s, len) & (t->nslots - 1);
	*added = false;
	for (; t->slots[i]; i = (i + 1) & (t->nslots - 1)) {
		const struct key *k = &t->keys[t->slots[i] - 1];
		if (k->len == len && !memcmp(k->s, s, len))
			return t->slots[i] - 1;
	}
	XGROW(t->keys, t->n, t->cap);
	t->keys[t->n] = (struct key){arena_strndup(t->arena, s, len), len};
	t->slots[i] = ++t->n;
	*added = true;
	return t->n - 1;
}

static void strtab_release(struct strtab *t)
{
	free(t->keys);
	free(t->slots);
}

/* A run of text between ASCII white space, folded: its text_fold, and the
 * marked form (text_fold_marked) of each of its words (runs of letters and
 * digits, CJK apart), where the two split alike; marked NULL otherwise,
 * and an entry NULL where a word's marked form does not fold to it. */
struct run {
	const char *folded;
	const char **marked;
	size_t nwords;
};

struct index {
	struct arena arena;
	struct strtab words; /* the terms' strings, by term number */
	struct term *terms;
	size_t nterms, cap;
	/* Runs of text between ASCII white space, and their folding. */
	struct strtab runs;
	struct run *folded; /* [runs.n] */
	size_t folded_cap;
	/* The words whose text postings drop_shared_text left out, most
	 * shared first, up to MAX_COMMON. */
	const char **common;
	size_t ncommon;
};

/* Shared words the head names: every one in practice (a word in more than
 * half of the texts is one of a few hundred), with a bound. */
#define MAX_COMMON 1000

static void index_release(struct index *ix)
{
	for (size_t i = 0; i < ix->nterms; i++)
		free(ix->terms[i].post);
	free(ix->terms);
	free(ix->folded);
	free(ix->common);
	strtab_release(&ix->words);
	strtab_release(&ix->runs);
	arena_release(&ix->arena);
}

/* The bit of variant v (NULL: unknown) among t's, added when new and
 * there is room; 0 when it has none. */
static uint32_t variant_bit(struct term *t, const char *v)
{
	if (!v)
		return 0;
	for (size_t i = 0; i < t->nvar; i++)
		if (!strcmp(t->var[i], v))
			return (uint32_t)1 << i;
	if (t->nvar == MAX_VARIANTS)
		return 0;
	t->var[t->nvar] = v;
	return (uint32_t)1 << t->nvar++;
}

/* Adds that doc holds the term s in field; places has the bit of its word
 * in the name in the index's language, or is 0; variant is the word with
 * its marks (owned by ix), or NULL when not known. */
static void add_term(struct index *ix, const char *s, size_t len, uint32_t doc,
		     enum field field, uint32_t places, const char *variant)
{
	bool added;
	size_t k = strtab_find(&ix->words, s, len, &added);
	if (added) {
		XGROW(ix->terms, ix->nterms, ix->cap);
		ix->terms[ix->nterms++] =
			(struct term){.s = ix->words.keys[k].s, .len = len};
	}
	struct term *t = &ix->terms[k];
	uint32_t p = doc * 4 + (uint32_t)field;
	uint32_t marks = variant_bit(t, variant);
	struct posting *last = t->n ? &t->post[t->n - 1] : NULL;
	if (last && last->doc_field / 4 == doc) {
		if (p < last->doc_field)
			last->doc_field = p;
		last->places |= places;
		last->marks |= marks;
		return;
	}
	XGROW(t->post, t->n, t->cap);
	t->post[t->n++] = (struct posting){p, places, marks};
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

/* A name's words from this one on have no place bit: a name is rarely so
 * long, and JavaScript's bit operations have 32 bits, one of them the
 * sign. */
#define MAX_PLACES 31

static bool is_mark(int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC ||
	       k == UTF8PROC_CATEGORY_ME;
}

/* The next word of s[0..len) from *i on, as search splits text: a run of
 * letters and digits (and of the marks on them), CJK characters apart.
 * Sets *start and *end and moves *i past it; false when there is none. */
static bool next_word(const char *s, size_t len, size_t *i, size_t *start,
		      size_t *end)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	bool in = false;
	while (*i < len) {
		int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(
			u + *i, (utf8proc_ssize_t)(len - *i), &c);
		if (n <= 0) {
			n = 1;
			c = -1;
		}
		bool w = c >= 0 && !is_cjk(c) &&
			 (is_word_char(c) || (in && is_mark(c)));
		if (w && !in) {
			in = true;
			*start = *i;
		} else if (!w && in) {
			*end = *i;
			return true;
		}
		*i += (size_t)n;
	}
	*end = *i;
	return in;
}

/* The marked forms of the words of a run whose folding is folded, kept in
 * r when the two split into as many words. */
static void mark_run(struct index *ix, struct run *r, const char *s, size_t len)
{
	char *m = text_fold_marked(s, len);
	size_t mlen = strlen(m), flen = strlen(r->folded);
	size_t n = 0, cap = 0;
	const char **words = NULL;
	size_t fi = 0, mi = 0, fs, fe, ms, me;
	for (;;) {
		bool f = next_word(r->folded, flen, &fi, &fs, &fe);
		bool g = next_word(m, mlen, &mi, &ms, &me);
		if (f != g) {
			n = 0;
			break;
		}
		if (!f)
			break;
		XGROW(words, n, cap);
		const char *w = NULL;
		if (fe - fs == me - ms &&
		    !memcmp(r->folded + fs, m + ms, fe - fs)) {
			w = arena_strndup(&ix->arena, m + ms, me - ms);
		} else {
			char *back = text_fold(m + ms, me - ms);
			if (strlen(back) == fe - fs &&
			    !memcmp(back, r->folded + fs, fe - fs))
				w = arena_strndup(&ix->arena, m + ms, me - ms);
			free(back);
		}
		words[n++] = w;
	}
	if (n) {
		r->marked = arena_alloc(&ix->arena, n * sizeof(*r->marked));
		memcpy(r->marked, words, n * sizeof(*words));
		r->nwords = n;
	}
	free(words);
	free(m);
}

/* The folding (text_fold) of a run of text without ASCII white space, and
 * the marked forms of its words, made once per index: the same words come
 * back in product after product. White space is left as it is by the
 * folding, and nothing on either side of it is composed with it, so a
 * text's runs folded one by one give the folding of the text. Owned by ix. */
static const struct run *fold_run(struct index *ix, const char *s, size_t len)
{
	bool added;
	size_t k = strtab_find(&ix->runs, s, len, &added);
	if (added) {
		XGROW(ix->folded, k, ix->folded_cap);
		char *f = text_fold(s, len);
		struct run *r = &ix->folded[k];
		*r = (struct run){.folded = arena_strdup(&ix->arena, f)};
		free(f);
		mark_run(ix, r, s, len);
	}
	return &ix->folded[k];
}

/* Adds the words of a folded run; *place counts the words (and CJK
 * characters) of the text so far. */
static void add_words(struct index *ix, const struct run *r, uint32_t doc,
		      enum field field, bool places, size_t *place)
{
	const char *f = r->folded;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)f;
	size_t len = strlen(f), i = 0;
	size_t word = 0, nchars = 0;   /* the word being read: start, chars */
	size_t nword = 0;	       /* words of the run before it */
	size_t prev = 0, prev_len = 0; /* the CJK character before, if any */
	uint32_t prev_bit = 0;	       /* of the CJK character before */
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
		uint32_t bit = places && (*place) < MAX_PLACES
				       ? (uint32_t)1 << (*place)
				       : 0;
		if (w) {
			if (!nchars)
				word = i;
			nchars++;
		} else if (nchars) {
			const char *marked =
				nword < r->nwords ? r->marked[nword] : NULL;
			nword++;
			if (nchars <= MAX_WORD_CHARS)
				add_term(ix, f + word, i - word, doc, field,
					 bit, marked);
			nchars = 0;
			bit = places && ++(*place) < MAX_PLACES
				      ? (uint32_t)1 << (*place)
				      : 0;
		}
		if (cjk) {
			add_term(ix, f + i, (size_t)n, doc, field, bit, NULL);
			if (prev_len)
				add_term(ix, f + prev, prev_len + (size_t)n,
					 doc, field, prev_bit, NULL);
			prev = i;
			prev_len = (size_t)n;
			prev_bit = bit;
			(*place)++;
		} else {
			prev_len = 0;
		}
		i += (size_t)n;
	}
}

/* Places of no text: its terms carry no places. */
#define NO_PLACES (-1)
/* The first place of the producer's address: its words come after the
 * name's, so that a query that is a phrase of the address ("xã Nông Hạ")
 * is told from the same words scattered, and no phrase runs from the name
 * into the address. */
#define ADDRESS_PLACE 16

/* Adds the words of a text, folded first. With first not NO_PLACES, each
 * term carries the bit of its word's place in the text, the first word's
 * place being first (the name in the index's language: 0; the producer's
 * address: ADDRESS_PLACE). */
static void add_text(struct index *ix, const char *text, uint32_t doc,
		     enum field field, int first)
{
	static const char space[] = " \t\n\r\f\v";
	bool places = first != NO_PLACES;
	size_t place = places ? (size_t)first : 0;
	for (const char *p = text ? text : ""; *p;) {
		p += strspn(p, space);
		size_t len = strcspn(p, space);
		if (len)
			add_words(ix, fold_run(ix, p, len), doc, field, places,
				  &place);
		p += len;
	}
}

/* Whether c ends a part of an address: a comma, colon, semicolon or
 * bracket, in ASCII or full width (Chinese addresses), or an ideographic
 * comma. */
static bool address_stop(int32_t c)
{
	switch (c) {
	case ',':
	case ';':
	case ':':
	case '(':
	case ')':
	case 0x3001:
	case 0xFF08:
	case 0xFF09:
	case 0xFF0C:
	case 0xFF1A:
	case 0xFF1B:
		return true;
	default:
		return false;
	}
}

/* Adds the words of an address as mentions, each of its parts (between
 * the stops of address_stop: "xã Nông Thượng") with places from
 * ADDRESS_PLACE, so that a long address does not run out of places and
 * no phrase runs from one part into the next. */
static void add_address(struct index *ix, const char *address, uint32_t doc)
{
	const utf8proc_uint8_t *s =
		(const utf8proc_uint8_t *)(address ? address : "");
	size_t len = strlen((const char *)s), start = 0, i = 0;
	while (i <= len) {
		int32_t c = 0;
		utf8proc_ssize_t n = 1;
		if (i < len) {
			n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i),
					     &c);
			if (n <= 0)
				n = 1;
		}
		if (i == len || address_stop(c)) {
			if (i > start)
				add_text(ix,
					 arena_strndup(&ix->arena,
						       (const char *)s + start,
						       i - start),
					 doc, FIELD_TEXT, ADDRESS_PLACE);
			start = i + (size_t)n;
		}
		i += (size_t)n;
	}
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

struct shared {
	const char *s;
	size_t n;
};

static int more_shared(const void *x, const void *y)
{
	const struct shared *a = x, *b = y;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->s, b->s);
}

/* Leaves out the text postings of words that many products' texts share
 * (but those of an address's words, which have places, when fewer
 * addresses share them), and then the words with no posting left. The words
 * left out are kept in ix->common, most shared first, with those of their
 * forms with marks that as many products hold. */
static void drop_shared_text(struct index *ix, size_t nproducts)
{
	size_t limit = nproducts / SHARED_TEXT_SHARE;
	if (limit < SHARED_TEXT_MIN)
		limit = SHARED_TEXT_MIN;
	size_t kept = 0, nshared = 0;
	struct shared *shared = NULL;
	size_t shared_cap = 0;
	for (size_t i = 0; i < ix->nterms; i++) {
		struct term *t = &ix->terms[i];
		size_t in_text = 0, in_address = 0;
		for (size_t k = 0; k < t->n; k++) {
			bool text = t->post[k].doc_field % 4 == FIELD_TEXT;
			in_text += text;
			in_address += text && t->post[k].places;
		}
		if (in_text > limit) {
			XGROW(shared, nshared, shared_cap);
			shared[nshared++] = (struct shared){t->s, in_text};
			/* Its forms with marks that as many products hold
			 * ("bắc" of "bac", but not "bạc") are as common. */
			for (size_t v = 0; v < t->nvar; v++) {
				size_t held = 0;
				for (size_t k = 0; k < t->n; k++)
					held += (t->post[k].marks >> v) & 1;
				if (held > limit && strcmp(t->var[v], t->s)) {
					XGROW(shared, nshared, shared_cap);
					shared[nshared++] = (struct shared){
						t->var[v], held};
				}
			}
			/* A word of an address (it has places) stays, unless
			 * the addresses share it too ("xã", "tỉnh"): "xã Yên
			 * Cư" is a place even where "cũ" is in every story. */
			bool keep = in_address <= limit;
			size_t n = 0;
			for (size_t k = 0; k < t->n; k++)
				if (t->post[k].doc_field % 4 != FIELD_TEXT ||
				    (keep && t->post[k].places))
					t->post[n++] = t->post[k];
			t->n = n;
		}
		if (!t->n) {
			free(t->post);
			continue;
		}
		ix->terms[kept++] = *t;
	}
	/* The words' numbers are no longer those of the terms; nothing looks
	 * them up again. */
	ix->nterms = kept;
	if (nshared)
		qsort(shared, nshared, sizeof(*shared), more_shared);
	ix->ncommon = nshared < MAX_COMMON ? nshared : MAX_COMMON;
	ix->common = xmalloc((ix->ncommon + 1) * sizeof(*ix->common));
	for (size_t i = 0; i < ix->ncommon; i++)
		ix->common[i] = shared[i].s;
	free(shared);
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

struct search_index {
	struct arena arena; /* the paths */
	const char **files;
	struct buf *parts;
	size_t nparts;
};

/* The terms of every product of the model, by number (order[doc] is the
 * product: the layout's by_stars). */
static void index_products(struct index *ix, const struct model *m, size_t lang,
			   const size_t *order)
{
	for (size_t doc = 0; doc < m->nproducts; doc++) {
		const struct product *p = &m->products[order[doc]];
		uint32_t d = (uint32_t)doc;
		add_text(ix, ltext_get(&p->name, lang, NULL), d, FIELD_NAME, 0);
		/* The name in the default language too: buyers everywhere type
		 * the Vietnamese name they saw on a pack. */
		add_text(ix, p->name.s[0], d, FIELD_NAME, NO_PLACES);
		add_text(ix, ltext_get(&p->producer->name, lang, NULL), d,
			 FIELD_PRODUCER, NO_PLACES);
		/* The producer's address names its commune, old and new:
		 * buyers look for "xã Thanh Thịnh" as for a district. Its
		 * words are mentions, but the page takes a phrase of them
		 * for a place. */
		add_address(ix, ltext_get(&p->producer->address, lang, NULL),
			    d);
		add_text(ix, ltext_get(&p->summary, lang, NULL), d, FIELD_TEXT,
			 NO_PLACES);
		add_text(ix, ltext_get(&p->group->name, lang, NULL), d,
			 FIELD_PLACE, NO_PLACES);
		/* The group by its id, which no query's words can spell (they
		 * hold no ':'): search.js looks it up when a query names the
		 * group, to keep its products. */
		const char *g = arena_printf(&ix->arena, SEARCH_GROUP_TERM "%s",
					     p->group->id);
		add_term(ix, g, strlen(g), d, FIELD_PLACE, 0, NULL);
		/* The products sold abroad, and where. */
		if (p->nexport_markets) {
			add_term(ix, SEARCH_FACET_TERM "export",
				 strlen(SEARCH_FACET_TERM "export"), d,
				 FIELD_PLACE, 0, NULL);
			for (size_t k = 0; k < p->nexport_markets; k++)
				add_text(ix,
					 ltext_get(&p->export_markets[k], lang,
						   NULL),
					 d, FIELD_PLACE, NO_PLACES);
		}
		/* The kind of producer ("hộ kinh doanh", "个体户"), which
		 * the theme's words name as @household and so on. */
		const char *kind =
			arena_printf(&ix->arena, SEARCH_FACET_TERM "%s",
				     producer_type_names[p->producer->type]);
		add_term(ix, kind, strlen(kind), d, FIELD_PLACE, 0, NULL);
		if (p->area)
			add_text(ix, ltext_get(&p->area->name, lang, NULL), d,
				 FIELD_PLACE, NO_PLACES);
		/* The province every product is of: "chè Thái Nguyên". */
		add_text(ix, ltext_get(&m->site.province, lang, NULL), d,
			 FIELD_PLACE, NO_PLACES);
		const char *body =
			p->body.src[lang] ? p->body.src[lang] : p->body.src[0];
		if (body) {
			char *text = markdown_text(body);
			add_text(ix, text, d, FIELD_TEXT, NO_PLACES);
			free(text);
		}
	}
	drop_shared_text(ix, m->nproducts);
}

/* Appends to si part k of a kind of language lang's index: 't' a term
 * shard ("vi/search-index/t3.js", stored under "vi/t3"), 'd' a chunk of
 * products, 0 the head ("vi/search-index.js", under "vi"). Returns its
 * buffer, which starts with the statement that stores the part's object
 * under its name, the object to follow. */
static struct buf *add_part(struct search_index *si, const char *lang,
			    char kind, size_t k)
{
	si->files =
		xreallocarray(si->files, si->nparts + 1, sizeof(*si->files));
	si->parts =
		xreallocarray(si->parts, si->nparts + 1, sizeof(*si->parts));
	struct buf *out = &si->parts[si->nparts];
	struct buf name = BUF_INIT;
	if (kind) {
		buf_printf(&name, "%s/%c%zu", lang, kind, k);
		si->files[si->nparts] = arena_printf(
			&si->arena, "%s/" SEARCH_PARTS_DIR "%c%zu.js", lang,
			kind, k);
	} else {
		buf_adds(&name, lang);
		si->files[si->nparts] = arena_printf(&si->arena, "%s/%s", lang,
						     SEARCH_INDEX_FILE);
	}
	si->nparts++;
	buf_init(out);
	buf_adds(out, "(window.OCOP_SEARCH=window.OCOP_SEARCH||{})[");
	add_json(out, name.data);
	buf_adds(out, "]=");
	buf_release(&name);
	return out;
}

/* The variants of t that a shard lists: none when t was only met without
 * marks (or its forms are unknown). */
static size_t shown_variants(const struct term *t)
{
	if (t->nvar == 1 && strlen(t->var[0]) == t->len &&
	    !memcmp(t->var[0], t->s, t->len))
		return 0;
	return t->nvar;
}

/* Appends the term shards to si: the sorted terms cut into pieces of
 * about SEARCH_SHARD_BYTES. Sets *firsts to the first term of each (owned
 * by ix) and returns their number. */
static size_t write_shards(struct search_index *si, struct index *ix,
			   const char *lang, const char ***firsts)
{
	const struct term **sorted =
		xmalloc((ix->nterms + 1) * sizeof(*sorted));
	for (size_t i = 0; i < ix->nterms; i++)
		sorted[i] = &ix->terms[i];
	qsort(sorted, ix->nterms, sizeof(*sorted), utf16_cmp);

	/* Each term's string, postings and variants, one after the other. */
	struct buf text = BUF_INIT;
	size_t *at = xmalloc((3 * ix->nterms + 1) * sizeof(*at));
	for (size_t i = 0; i < ix->nterms; i++) {
		const struct term *t = sorted[i];
		size_t nvar = shown_variants(t);
		at[3 * i] = text.len;
		add_json(&text, t->s);
		at[3 * i + 1] = text.len;
		buf_addc(&text, '[');
		/* Each number after the first is the difference from the one
		 * before: small numbers, fewer digits. */
		for (size_t k = 0; k < t->n; k++) {
			uint32_t p = t->post[k].doc_field;
			uint32_t places = t->post[k].places;
			unsigned delta =
				(unsigned)(p -
					   (k ? t->post[k - 1].doc_field : 0));
			/* A mention with places (a word of the address) is
			 * told by its difference written negative, which is
			 * never 0 there. A word that is also a strong place
			 * (a district) needs none: its places are left out. */
			bool address = p % 4 == FIELD_TEXT && places;
			bool placed = p % 4 == FIELD_NAME || address;
			buf_printf(&text, "%s%s%u", k ? "," : "",
				   address ? "-" : "", delta);
			if (placed)
				buf_printf(&text, ",%u", (unsigned)places);
			if (nvar > 1)
				buf_printf(&text, ",%u",
					   (unsigned)t->post[k].marks);
		}
		buf_addc(&text, ']');
		at[3 * i + 2] = text.len;
		for (size_t v = 0; v < nvar; v++) {
			buf_addc(&text, v ? ',' : '[');
			add_json(&text, t->var[v]);
		}
		if (nvar)
			buf_addc(&text, ']');
	}
	at[3 * ix->nterms] = text.len;

	/* As many shards as it takes, each cut at the term where its share
	 * of the bytes is reached, and none empty. */
	size_t shards =
		(text.len + SEARCH_SHARD_BYTES - 1) / SEARCH_SHARD_BYTES;
	if (!shards)
		shards = 1;
	*firsts = xmalloc(shards * sizeof(**firsts));
	size_t k = 0;
	for (size_t first = 0; k == 0 || first < ix->nterms; k++) {
		size_t end = first;
		size_t goal = text.len / shards * (k + 1);
		while (end < ix->nterms &&
		       (end == first || k + 1 == shards || at[3 * end] < goal))
			end++;
		struct buf *out = add_part(si, lang, 't', k);
		buf_adds(out, "{\"terms\":[");
		for (size_t i = first; i < end; i++) {
			if (i > first)
				buf_addc(out, ',');
			buf_add(out, text.data + at[3 * i],
				at[3 * i + 1] - at[3 * i]);
		}
		buf_adds(out, "],\n\"postings\":[");
		for (size_t i = first; i < end; i++) {
			if (i > first)
				buf_addc(out, ',');
			buf_add(out, text.data + at[3 * i + 1],
				at[3 * i + 2] - at[3 * i + 1]);
		}
		/* The variants, by the term's number in the shard, for the
		 * terms that have them. */
		buf_adds(out, "],\n\"marks\":{");
		bool any = false;
		for (size_t i = first; i < end; i++) {
			if (at[3 * i + 3] == at[3 * i + 2])
				continue;
			buf_printf(out,
				   any ? ",\"%zu\":" : "\"%zu\":", i - first);
			buf_add(out, text.data + at[3 * i + 2],
				at[3 * i + 3] - at[3 * i + 2]);
			any = true;
		}
		buf_adds(out, "}};\n");
		(*firsts)[k] = end > first ? sorted[first]->s : "";
		first = end;
	}
	buf_release(&text);
	free(at);
	free(sorted);
	return k;
}

/* The length in characters (code points) of a term a typo may be
 * corrected to, or 0 for the others: a group's or the facet's (they hold
 * ':') and CJK characters and pairs. */
static size_t vocab_chars(const struct term *t)
{
	int32_t c;
	if (memchr(t->s, ':', t->len) ||
	    utf8proc_iterate((const utf8proc_uint8_t *)t->s,
			     (utf8proc_ssize_t)t->len, &c) <= 0 ||
	    is_cjk(c))
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < t->len; i++)
		n += ((unsigned char)t->s[i] & 0xC0) != 0x80;
	return n;
}

/* The words search.js may correct a typo to: every term of letters and
 * digits (not CJK, not a group's), by its length in characters, from
 * SEARCH_VOCAB_MIN on, one part each ("vi/search-index/w7.js", under
 * "vi/w7": {"words": [...], "n": [products]}), so that a word of n
 * characters loads the parts of n - 2 to n + 2 at most. Sets lens[] of the
 * lengths that have a part; returns their number. */
static size_t write_vocab(struct search_index *si, struct index *ix,
			  const char *lang, size_t *lens)
{
	/* Each term's length, found once, then a part per length. */
	size_t *chars = xmalloc((ix->nterms + 1) * sizeof(*chars));
	for (size_t i = 0; i < ix->nterms; i++)
		chars[i] = vocab_chars(&ix->terms[i]);
	size_t nlens = 0;
	for (size_t len = SEARCH_VOCAB_MIN; len <= MAX_WORD_CHARS; len++) {
		struct buf *out = NULL;
		struct buf counts = BUF_INIT;
		for (size_t i = 0; i < ix->nterms; i++) {
			const struct term *t = &ix->terms[i];
			if (chars[i] != len)
				continue;
			if (!out) {
				out = add_part(si, lang, 'w', len);
				buf_adds(out, "{\"words\":[");
				lens[nlens++] = len;
			} else {
				buf_addc(out, ',');
				buf_addc(&counts, ',');
			}
			add_json(out, t->s);
			buf_printf(&counts, "%zu", t->n);
		}
		if (out) {
			buf_adds(out, "],\n\"n\":[");
			buf_add(out, counts.data, counts.len);
			buf_adds(out, "]};\n");
		}
		buf_release(&counts);
	}
	free(chars);
	return nlens;
}

/* Appends chunk k of the products (by number) to si. */
static void write_docs(struct search_index *si, const struct site_view *v,
		       size_t lang, const size_t *order, size_t k)
{
	const struct model *m = v->m;
	const char *code = m->site.langs[lang];
	struct buf *out = add_part(si, code, 'd', k);
	buf_adds(out, "{\"docs\":[");
	size_t end = (k + 1) * SEARCH_DOCS_PER_CHUNK;
	for (size_t doc = k * SEARCH_DOCS_PER_CHUNK;
	     doc < end && doc < m->nproducts; doc++) {
		size_t i = order[doc];
		const struct product *p = &m->products[i];
		struct arena a = {0};
		buf_adds(out, doc % SEARCH_DOCS_PER_CHUNK ? ",\n[" : "\n[");
		add_json(out, ltext_get(&p->name, lang, NULL));
		buf_addc(out, ',');
		add_json(out, layout_path(m, &a, PAGE_PRODUCT, lang, i));
		buf_addc(out, ',');
		add_json(out, thumbnail(m, v->images, &a, p));
		buf_printf(out, ",%d,", p->stars);
		add_json(out, ltext_get(&p->producer->name, lang, NULL));
		buf_addc(out, ',');
		add_json(out,
			 p->area ? ltext_get(&p->area->name, lang, NULL) : "");
		buf_addc(out, ']');
		arena_release(&a);
	}
	buf_adds(out, "]};\n");
}

void search_text_terms(const char *text, struct buf *out)
{
	struct index ix = {0};
	ix.words.arena = ix.runs.arena = &ix.arena;
	add_text(&ix, text, 0, FIELD_NAME, 0);
	for (size_t i = 0; i < ix.nterms; i++) {
		buf_add(out, ix.terms[i].s, ix.terms[i].len);
		buf_printf(out, " %u\n", (unsigned)ix.terms[i].post[0].places);
	}
	index_release(&ix);
}

struct search_index *search_index_make(const struct site_view *v, size_t lang)
{
	const struct model *m = v->m;
	const char *code = m->site.langs[lang];
	struct search_index *si = xcalloc(1, sizeof(*si));
	/* The head first; its object is written last, when it can name the
	 * version of the others. */
	add_part(si, code, 0, 0);

	/* Products are numbered in the order of listings. */
	const size_t *order = v->layout->by_stars;

	struct index ix = {0};
	ix.words.arena = ix.runs.arena = &ix.arena;
	index_products(&ix, m, lang, order);
	const char **firsts;
	size_t shards = write_shards(si, &ix, code, &firsts);
	size_t lens[MAX_WORD_CHARS + 1];
	size_t nlens = write_vocab(si, &ix, code, lens);
	size_t chunks = (m->nproducts + SEARCH_DOCS_PER_CHUNK - 1) /
			SEARCH_DOCS_PER_CHUNK;
	for (size_t k = 0; k < chunks; k++)
		write_docs(si, v, lang, order, k);

	XXH3_state_t *st = XXH3_createState();
	if (!st)
		die_oom();
	XXH3_64bits_reset(st);
	for (size_t i = 1; i < si->nparts; i++)
		XXH3_64bits_update(st, si->parts[i].data, si->parts[i].len);
	unsigned long long version = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	struct buf *head = &si->parts[0];
	buf_adds(head, "{\"lang\":");
	add_json(head, code);
	buf_printf(head, ",\"v\":\"%08llx\",\"docs\":%zu,\"chunk\":%d,",
		   version & 0xffffffffu, m->nproducts, SEARCH_DOCS_PER_CHUNK);
	/* Products are numbered by stars, most first: those of a level
	 * are a range. */
	buf_adds(head, "\n\"stars\":{");
	size_t first = 0;
	bool any = false;
	for (int stars = 5; stars >= 0; stars--) {
		size_t n = v->layout->star_count[stars];
		if (!n)
			continue;
		buf_printf(head, "%s\"%d\":[%zu,%zu]", any ? "," : "", stars,
			   first, first + n);
		first += n;
		any = true;
	}
	buf_adds(head, "},\n\"common\":[");
	for (size_t k = 0; k < ix.ncommon; k++) {
		if (k)
			buf_addc(head, ',');
		add_json(head, ix.common[k]);
	}
	buf_adds(head, "],\n\"vocab\":[");
	for (size_t k = 0; k < nlens; k++)
		buf_printf(head, k ? ",%zu" : "%zu", lens[k]);
	buf_adds(head, "],\n\"shards\":[");
	for (size_t k = 1; k < shards; k++) {
		if (k > 1)
			buf_addc(head, ',');
		add_json(head, firsts[k]);
	}
	buf_adds(head, "]};\n");

	free(firsts);
	index_release(&ix);
	return si;
}

size_t search_index_parts(const struct search_index *si)
{
	return si->nparts;
}

const char *search_index_file(const struct search_index *si, size_t part)
{
	return si->files[part];
}

const struct buf *search_index_part(const struct search_index *si, size_t part)
{
	return &si->parts[part];
}

void search_index_free(struct search_index *si)
{
	if (!si)
		return;
	for (size_t i = 0; i < si->nparts; i++)
		buf_release(&si->parts[i]);
	free(si->parts);
	free(si->files);
	arena_release(&si->arena);
	free(si);
}
