/*
 * The data of the site's pages. The data shared by many pages (product
 * cards, producers, the menu) is built once per language; each page then
 * adds its own.
 */
#include "page_data.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exports.h"
#include "feeds.h"
#include "images.h"
#include "jsonld.h"
#include "languages.h"
#include "links.h"
#include "markdown.h"
#include "pool.h"
#include "qr.h"
#include "search.h"
#include "search_words.h"
#include "sources.h"
#include "text.h"
#include "trade.h"
#include "util.h"
#include "vcard.h"

const char *const page_template_names[PAGE_KINDS] = {
	[PAGE_ROOT] = "root",	      [PAGE_NOT_FOUND] = "404",
	[PAGE_HOME] = "home",	      [PAGE_PRODUCTS] = "list",
	[PAGE_PRODUCT] = "product",   [PAGE_PRODUCERS] = "producers",
	[PAGE_PRODUCER] = "producer", [PAGE_GROUP] = "list",
	[PAGE_AREA] = "list",	      [PAGE_STARS] = "list",
	[PAGE_STORIES] = "stories",   [PAGE_STORY] = "story",
	[PAGE_PAGE] = "page",	      [PAGE_CATALOGUE] = "catalogue",
	[PAGE_SEARCH] = "search",
};

/* Data built once per language and shared by its pages. */
struct lang_data {
	atomic_bool built;
	struct arena arena;			/* the values below */
	struct arena workers[POOL_MAX_THREADS]; /* the cards' */
	const struct value *t, *site, *nav, *menu, *groups, *areas,
		*star_levels, *assets;
	const struct value **cards;	/* per product */
	const struct value **producers; /* per producer */
	const struct value **stories;	/* per story, as listed */
	const struct value *all_producers, *all_stories;
};

static const char *lang_code(const struct page_data *pd, size_t lang)
{
	return pd->m->site.langs[lang];
}

static const char *page_path(const struct page_data *pd, struct arena *a,
			     enum page_kind kind, size_t lang, size_t index)
{
	return layout_path(pd->m, a, kind, lang, index);
}

/* ------------------------------------------------------------------ */
/* Values */

static const struct value *text_value(const struct page_data *pd,
				      struct arena *a, const struct ltext *t,
				      size_t lang)
{
	bool fallback;
	const char *s = ltext_get(t, lang, &fallback);
	if (!s)
		return &value_null;
	return value_str_lang(a, s, fallback ? lang_code(pd, 0) : NULL);
}

/* A group's or district's name in lang, marked with the language it is
 * written in when that is not lang. */
static const struct value *place_name(const struct page_data *pd,
				      struct arena *a, const struct place *pl,
				      size_t lang)
{
	if (pl->name.s[lang] && pl->name_from[lang])
		return value_str_lang(a, pl->name.s[lang], pl->name_from[lang]);
	return text_value(pd, a, &pl->name, lang);
}

static const struct value *word(const struct page_data *pd, struct arena *a,
				size_t lang, const char *key)
{
	const char *from;
	const char *w = theme_word_from(pd->th, lang, key, &from);
	return w ? value_str_lang(a, w, from) : value_str(a, key);
}

static const struct value *date_value(struct arena *a, struct date dt)
{
	return value_str(a, date_iso(a, dt));
}

/* A date as a reader of lang writes it, from the theme's pattern
 * "date_format": {d} and {dd} the day, {m} and {mm} the month (dd and mm
 * with a leading zero), {month} its name ("month_1"...), {yyyy} the year.
 * Machine-readable dates (datetime, feeds, exports) stay ISO. */
static const struct value *date_text(const struct page_data *pd,
				     struct arena *a, size_t lang,
				     struct date dt)
{
	if (!dt.year)
		return &value_null;
	const char *f = theme_word(pd->th, lang, "date_format");
	if (!f)
		f = "{yyyy}-{mm}-{dd}";
	struct buf b = BUF_INIT;
	while (*f) {
		const char *end = f[0] == '{' ? strchr(f, '}') : NULL;
		size_t n = end ? (size_t)(end - f + 1) : 0;
		if (n == 3 && f[1] == 'd')
			buf_printf(&b, "%d", dt.day);
		else if (n == 4 && !strncmp(f, "{dd}", 4))
			buf_printf(&b, "%02d", dt.day);
		else if (n == 3 && f[1] == 'm')
			buf_printf(&b, "%d", dt.month);
		else if (n == 4 && !strncmp(f, "{mm}", 4))
			buf_printf(&b, "%02d", dt.month);
		else if (n == 6 && !strncmp(f, "{yyyy}", 6))
			buf_printf(&b, "%04d", dt.year);
		else if (n == 7 && !strncmp(f, "{month}", 7)) {
			char key[16];
			snprintf(key, sizeof(key), "month_%d", dt.month);
			const char *name = theme_word(pd->th, lang, key);
			if (name)
				buf_adds(&b, name);
			else
				buf_printf(&b, "%d", dt.month);
		} else {
			buf_addc(&b, *f);
			n = 1;
		}
		f += n;
	}
	const struct value *v = value_str(a, arena_strdup(a, b.data));
	buf_release(&b);
	return v;
}

/* A group (kind PAGE_GROUP) or a place of the areas (PAGE_AREA) as a link
 * to its listing: {id, name, path}, and for a place {former, note}. */
static struct value *place_value(const struct page_data *pd, struct arena *a,
				 size_t lang, const struct place *pl,
				 enum page_kind kind)
{
	const struct site *site = &pd->m->site;
	size_t index = (size_t)(pl - (kind == PAGE_GROUP ? site->groups
							 : site->areas.places));
	struct value *v = value_map(a);
	value_map_set(a, v, "id", value_str(a, pl->id));
	value_map_set(a, v, "name", place_name(pd, a, pl, lang));
	/* A place where only producers are has no listing page. */
	bool listed = kind != PAGE_AREA || pd->layout->area_count[index] > 0;
	value_map_set(
		a, v, "path",
		listed ? value_path(a, page_path(pd, a, kind, lang, index))
		       : &value_null);
	if (kind == PAGE_AREA) {
		value_map_set(a, v, "former",
			      text_value(pd, a, &pl->former, lang));
		value_map_set(a, v, "note", text_value(pd, a, &pl->note, lang));
	}
	return v;
}

/* A Markdown body as HTML for a page at site path, in language lang, else
 * in the default language (marked as such); null when it has neither.
 * section and slug name the item whose folder its images are in. */
static const struct value *body_value(const struct page_data *pd,
				      struct arena *a, const struct body *b,
				      const char *section, const char *slug,
				      size_t lang, const char *path)
{
	bool fallback = !b->src[lang];
	const char *src = fallback ? b->src[0] : b->src[lang];
	if (!src)
		return &value_null;
	struct markdown_page where = {
		.images = pd->images,
		.section = section,
		.slug = slug,
		.depth = link_depth(path),
		.kiosk = pd->kiosk,
	};
	char *html = markdown_html(src, &where);
	const struct value *v = value_html(a, arena_strdup(a, html),
					   fallback ? lang_code(pd, 0) : NULL);
	free(html);
	return v;
}

/* A new map holding the pairs of map, to add to. */
static struct value *map_copy(struct arena *a, const struct value *map)
{
	struct value *v = value_map(a);
	for (size_t i = 0; i < map->u.map.n; i++)
		value_map_set(a, v, map->u.map.pairs[i].key,
			      map->u.map.pairs[i].val);
	return v;
}

static const struct value *list_of(struct arena *a, const struct value **items,
				   size_t n)
{
	struct value *l = value_list(a, n);
	for (size_t i = 0; i < n; i++)
		value_list_set(l, i, items[i]);
	return l;
}

static const char *digits_only(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	for (const char *p = s; *p; p++)
		if (*p >= '0' && *p <= '9')
			*o++ = *p;
	*o = '\0';
	return out;
}

/* "tel:+842050000101", the link that dials a phone number. */
static const char *tel_url(struct arena *a, const char *phone)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "tel:");
	text_phone_dial(&b, phone);
	const char *url = arena_strdup(a, b.data);
	buf_release(&b);
	return url;
}

static const struct value *qr_value(struct arena *a, const char *text)
{
	const char *svg = text ? qr_svg(a, text) : NULL;
	return svg ? value_html(a, svg, NULL) : &value_null;
}

/* A link of a producer's contacts: the URL, or null in the kiosk, where no
 * link may leave the copy (the contact is shown as text or a QR code). */
static const struct value *contact_href(const struct page_data *pd,
					struct arena *a, const char *url)
{
	return url && !pd->kiosk ? value_str(a, url) : &value_null;
}

/* A producer's contact as a file to save (vcard, a site path) and, in the
 * kiosk, as QR codes for a phone: the same vCard, the website, Zalo and the
 * map. */
static void contact_codes(struct page_data *pd, struct value *v, size_t lang,
			  size_t index, const char *zalo_url,
			  const char *map_url)
{
	struct arena *a = &pd->lang[lang].arena;
	const struct model *m = pd->m;
	const char *dir = page_path(pd, a, PAGE_PRODUCER, lang, index);
	value_map_set(a, v, "vcard",
		      value_path(a, arena_printf(a, "%s%s", dir, VCARD_FILE)));
	value_map_set(a, v, "vcard_name",
		      value_str(a, arena_printf(a, "%s.vcf",
						m->producers[index].id)));
	const struct value *vcard = &value_null, *web = &value_null,
			   *zalo = &value_null, *map = &value_null;
	if (pd->kiosk) {
		struct buf b = BUF_INIT;
		vcard_write(m, index, lang, &b);
		vcard = qr_value(a, b.data);
		buf_release(&b);
		web = qr_value(a, m->producers[index].website);
		zalo = qr_value(a, zalo_url);
		map = qr_value(a, map_url);
	}
	value_map_set(a, v, "vcard_qr", vcard);
	value_map_set(a, v, "website_qr", web);
	value_map_set(a, v, "zalo_qr", zalo);
	value_map_set(a, v, "map_qr", map);
}

static const struct value *producer_value(struct page_data *pd, size_t lang,
					  size_t index)
{
	struct arena *a = &pd->lang[lang].arena;
	const struct model *m = pd->m;
	const struct producer *p = &m->producers[index];
	static const char *const types[] = {"cooperative", "cooperative-group",
					    "enterprise", "household"};
	struct value *v = value_map(a);
	value_map_set(a, v, "id", value_str(a, p->id));
	value_map_set(
		a, v, "path",
		value_path(a, page_path(pd, a, PAGE_PRODUCER, lang, index)));
	value_map_set(a, v, "name", text_value(pd, a, &p->name, lang));
	value_map_set(a, v, "type", value_str(a, types[p->type]));
	value_map_set(
		a, v, "type_label",
		word(pd, a, lang, arena_printf(a, "type_%s", types[p->type])));
	value_map_set(a, v, "address", text_value(pd, a, &p->address, lang));
	value_map_set(a, v, "area",
		      p->area ? place_value(pd, a, lang, p->area, PAGE_AREA)
			      : &value_null);
	const char *zalo_url = p->zalo ? arena_printf(a, "https://zalo.me/%s",
						      digits_only(a, p->zalo))
				       : NULL;
	const char *map_url =
		p->has_geo
			? arena_printf(a,
				       "https://www.openstreetmap.org/"
				       "?mlat=%.5f&mlon=%.5f#map=14/%.5f/%.5f",
				       p->lat, p->lon, p->lat, p->lon)
			: NULL;
	value_map_set(a, v, "phone", value_str(a, p->phone));
	value_map_set(
		a, v, "phone_href",
		contact_href(pd, a, p->phone ? tel_url(a, p->phone) : NULL));
	value_map_set(a, v, "zalo", value_str(a, p->zalo));
	value_map_set(a, v, "zalo_href", contact_href(pd, a, zalo_url));
	value_map_set(a, v, "email", value_str(a, p->email));
	value_map_set(
		a, v, "email_href",
		contact_href(pd, a,
			     p->email ? arena_printf(a, "mailto:%s", p->email)
				      : NULL));
	value_map_set(a, v, "website", value_str(a, p->website));
	value_map_set(a, v, "website_href", contact_href(pd, a, p->website));
	value_map_set(a, v, "map_href", contact_href(pd, a, map_url));
	contact_codes(pd, v, lang, index, zalo_url, map_url);
	value_map_set(a, v, "url",
		      value_str(a, layout_url(m, a,
					      page_path(pd, a, PAGE_PRODUCER,
							lang, index))));
	char *ld = jsonld_producer(m, lang, index);
	value_map_set(a, v, "jsonld", value_html(a, arena_strdup(a, ld), NULL));
	free(ld);
	return v;
}

/* "a-480.webp 480w, a-960.webp 960w" as site paths, for srcset. */
static const char *srcset_of(struct arena *a, const struct image_result *res)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < res->nvariants; i++)
		buf_printf(&b, "%s%s %dw", i ? ", " : "",
			   res->variants[i].site_path, res->variants[i].width);
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static const struct value *image_value(const struct page_data *pd,
				       struct arena *a, size_t lang,
				       const char *slug, const struct image *im,
				       bool lazy)
{
	const struct image_result *res = images_find(
		pd->images, layout_media_path(a, "products", slug, im->file));
	if (!res || !res->nvariants)
		return &value_null;
	const struct image_variant *fb = images_fallback(res);
	struct value *v = value_map(a);
	value_map_set(a, v, "src", value_path(a, fb->site_path));
	value_map_set(a, v, "srcset", value_path(a, srcset_of(a, res)));
	value_map_set(a, v, "width", value_int(a, fb->width));
	value_map_set(a, v, "height", value_int(a, fb->height));
	value_map_set(a, v, "alt", text_value(pd, a, &im->alt, lang));
	value_map_set(a, v, "loading", value_str(a, lazy ? "lazy" : "eager"));
	/* The widest published size, for a gallery's link; the kiosk copy
	 * keeps visitors on its pages. */
	value_map_set(a, v, "full",
		      pd->kiosk
			      ? &value_null
			      : value_path(a, res->variants[res->nvariants - 1]
						      .site_path));
	value_map_set(a, v, "share",
		      res->share.site_path ? value_path(a, res->share.site_path)
					   : &value_null);
	return v;
}

static const struct value *star_items(struct arena *a, int stars)
{
	struct value *l = value_list(a, (size_t)stars);
	for (int i = 0; i < stars; i++)
		value_list_set(l, (size_t)i, value_int(a, i + 1));
	return l;
}

/* The stars of a badge as text, one "★" (U+2605) each: three bytes where
 * an inline SVG took 160, in every card of every listing. */
static const struct value *star_text(struct arena *a, int stars)
{
	static const char *const text[] = {
		"", "★", "★★", "★★★", "★★★★", "★★★★★",
	};
	return value_str(a, stars >= 0 && stars <= 5 ? text[stars] : "");
}

/* What a buyer is told of a certificate whose day of issue is estimated
 * and whose 36 months have passed: "Recognised in 2021; no renewal found
 * in public sources by 6/7/2025", from the theme's words
 * "certificate_lapsed" ({year}, {date}) or, without a year,
 * "certificate_lapsed_unknown_year" ({date}). */
static const struct value *lapsed_text(const struct page_data *pd,
				       struct arena *a, size_t lang,
				       const struct product *p)
{
	const char *f =
		theme_word(pd->th, lang,
			   p->cert.year ? "certificate_lapsed"
					: "certificate_lapsed_unknown_year");
	const struct value *day = date_text(pd, a, lang, pd->m->today);
	if (!f || day->kind != VALUE_STR)
		return &value_null;
	struct buf b = BUF_INIT;
	while (*f) {
		if (!strncmp(f, "{year}", 6)) {
			buf_printf(&b, "%d", p->cert.year);
			f += 6;
		} else if (!strncmp(f, "{date}", 6)) {
			buf_add(&b, day->u.str.s, day->u.str.len);
			f += 6;
		} else {
			buf_add(&b, f++, 1);
		}
	}
	const struct value *v = value_str(a, arena_strdup(a, b.data));
	buf_release(&b);
	return v;
}

static const struct value *certificate_value(const struct page_data *pd,
					     struct arena *a, size_t lang,
					     const struct product *p)
{
	struct value *v = value_map(a);
	value_map_set(a, v, "decision", value_str(a, p->cert.decision));
	value_map_set(a, v, "issued", date_value(a, p->cert.issued));
	value_map_set(a, v, "issued_text",
		      date_text(pd, a, lang, p->cert.issued));
	value_map_set(a, v, "expires_text",
		      date_text(pd, a, lang, p->cert.expires));
	value_map_set(a, v, "issued_indicative",
		      value_bool(a, product_indicative(p, INDICATIVE_ISSUED)));
	value_map_set(a, v, "expires", date_value(a, p->cert.expires));
	value_map_set(a, v, "expired", value_bool(a, p->expired));
	value_map_set(a, v, "status",
		      value_str(a, cert_status_names[p->cert_status]));
	value_map_set(a, v, "unconfirmed",
		      value_bool(a, p->cert_status == CERT_ESTIMATED));
	value_map_set(a, v, "lapsed",
		      p->cert_status == CERT_LAPSED
			      ? lapsed_text(pd, a, lang, p)
			      : &value_null);
	value_map_set(
		a, v, "points",
		p->cert.points > 0
			? value_str(a, arena_printf(a, "%.2f", p->cert.points))
			: &value_null);
	value_map_set(a, v, "year",
		      p->cert.year ? value_int(a, p->cert.year) : &value_null);
	return v;
}

/* A product as cards and lists show it, in arena a. Its picture loads lazily
 * unless it is one of the first on the screen. */
static struct value *card_value(const struct page_data *pd, struct arena *a,
				size_t lang, size_t index, bool lazy)
{
	const struct model *m = pd->m;
	const struct product *p = &m->products[index];
	struct value *v = value_map(a);
	value_map_set(a, v, "slug", value_str(a, p->slug));
	value_map_set(
		a, v, "path",
		value_path(a, page_path(pd, a, PAGE_PRODUCT, lang, index)));
	value_map_set(a, v, "url",
		      value_str(a, layout_url(m, a,
					      page_path(pd, a, PAGE_PRODUCT,
							lang, index))));
	value_map_set(a, v, "name", text_value(pd, a, &p->name, lang));
	value_map_set(a, v, "summary", text_value(pd, a, &p->summary, lang));
	value_map_set(a, v, "stars", value_int(a, p->stars));
	value_map_set(a, v, "star_items", star_items(a, p->stars));
	value_map_set(a, v, "star_text", star_text(a, p->stars));
	value_map_set(a, v, "stars_label",
		      word(pd, a, lang, arena_printf(a, "stars_%d", p->stars)));
	value_map_set(a, v, "national", value_bool(a, p->stars == 5));
	value_map_set(a, v, "image",
		      p->nimages ? image_value(pd, a, lang, p->slug,
					       &p->images[0], lazy)
				 : &value_null);
	value_map_set(a, v, "group",
		      place_value(pd, a, lang, p->group, PAGE_GROUP));
	value_map_set(a, v, "area",
		      p->area ? place_value(pd, a, lang, p->area, PAGE_AREA)
			      : &value_null);
	value_map_set(a, v, "producer",
		      pd->lang[lang].producers[p->producer - m->producers]);
	value_map_set(a, v, "certificate", certificate_value(pd, a, lang, p));
	value_map_set(a, v, "expired", value_bool(a, p->expired));
	return v;
}

static const struct value *story_item(struct page_data *pd, size_t lang,
				      size_t index)
{
	struct arena *a = &pd->lang[lang].arena;
	const struct story *s = &pd->m->stories[index];
	struct value *v = value_map(a);
	value_map_set(a, v, "title", text_value(pd, a, &s->title, lang));
	value_map_set(a, v, "summary", text_value(pd, a, &s->summary, lang));
	value_map_set(a, v, "date", date_value(a, s->date));
	value_map_set(a, v, "date_text", date_text(pd, a, lang, s->date));
	value_map_set(a, v, "path",
		      value_path(a, page_path(pd, a, PAGE_STORY, lang, index)));
	return v;
}

static const struct value *words_value(struct page_data *pd, size_t lang)
{
	struct arena *a = &pd->lang[lang].arena;
	struct value *t = value_map(a);
	for (size_t k = 0; k < pd->th->nkeys; k++) {
		const char *from;
		const char *w =
			theme_word_from(pd->th, lang, pd->th->keys[k], &from);
		if (w)
			value_map_set(a, t, pd->th->keys[k],
				      value_str_lang(a, w, from));
	}
	return t;
}

static int menu_cmp(const void *x, const void *y)
{
	const struct page *a = *(const struct page *const *)x;
	const struct page *b = *(const struct page *const *)y;
	if (a->menu != b->menu)
		return a->menu < b->menu ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

/* v, a text of language code, marked with code when it carries no language
 * of its own (a fallback's), for a text shown on a page of another
 * language. */
static const struct value *in_lang(struct arena *a, const struct value *v,
				   const char *code)
{
	if (v->kind != VALUE_STR || v->lang)
		return v;
	return value_str_lang(a, v->u.str.s, code);
}

/* A name in every language but lang that has one of its own, as a list of
 * {lang, name}: pl's, or else the theme's word key; each name marked with
 * its language. For the kiosk's start screen, whose tiles speak every
 * language. */
static const struct value *other_names(struct page_data *pd, size_t lang,
				       const struct place *pl, const char *key)
{
	struct arena *a = &pd->lang[lang].arena;
	size_t nl = pd->m->site.nlangs, n = 0;
	const struct value *items[MODEL_MAX_LANGS];
	for (size_t i = 0; i < nl; i++) {
		if (i == lang)
			continue;
		const struct value *name =
			pl ? place_name(pd, a, pl, i) : word(pd, a, i, key);
		if (name->kind != VALUE_STR || name->lang)
			continue; /* a fallback, already shown */
		struct value *v = value_map(a);
		value_map_set(a, v, "lang", value_str(a, lang_code(pd, i)));
		value_map_set(a, v, "name", in_lang(a, name, lang_code(pd, i)));
		items[n++] = v;
	}
	return list_of(a, items, n);
}

/* The groups (kind PAGE_GROUP) or places of the areas (PAGE_AREA) that
 * have products, with their counts. */
static const struct value *listed_places(struct page_data *pd, size_t lang,
					 const struct place *places,
					 size_t count, const size_t *products,
					 enum page_kind kind)
{
	struct arena *a = &pd->lang[lang].arena;
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		n += products[i] > 0;
	struct value *list = value_list(a, n);
	n = 0;
	for (size_t i = 0; i < count; i++) {
		if (!products[i])
			continue;
		struct value *v = place_value(pd, a, lang, &places[i], kind);
		value_map_set(a, v, "count",
			      value_int(a, (long long)products[i]));
		value_map_set(a, v, "other_names",
			      other_names(pd, lang, &places[i], NULL));
		value_list_set(list, n++, v);
	}
	return list;
}

/* The site's areas: {id, label, title, places}, places as listed_places
 * gives them. The old "districts" have no label of their own: the
 * theme's words name them. */
static const struct value *areas_value(struct page_data *pd, size_t lang)
{
	struct arena *a = &pd->lang[lang].arena;
	const struct areas *ar = &pd->m->site.areas;
	struct value *v = value_map(a);
	value_map_set(a, v, "id", value_str(a, ar->id));
	const struct value *label =
		ltext_present(&ar->label) ? text_value(pd, a, &ar->label, lang)
					  : word(pd, a, lang, "district");
	value_map_set(a, v, "label", label);
	value_map_set(
		a, v, "title",
		ltext_present(&ar->title) ? text_value(pd, a, &ar->title, lang)
		: ltext_present(&ar->label) ? label
					    : word(pd, a, lang, "districts"));
	value_map_set(a, v, "places",
		      listed_places(pd, lang, ar->places, ar->nplaces,
				    pd->layout->area_count, PAGE_AREA));
	return v;
}

/* The cards of a language, built on several threads, each in its own
 * arena. */
struct card_build {
	struct page_data *pd;
	size_t lang;
};

static void card_job(void *ctx, size_t index, int worker)
{
	struct card_build *b = ctx;
	struct lang_data *ld = &b->pd->lang[b->lang];
	ld->cards[index] =
		card_value(b->pd, &ld->workers[worker], b->lang, index, true);
}

static void build_lang(struct page_data *pd, size_t lang, int threads)
{
	struct arena *a = &pd->lang[lang].arena;
	const struct model *m = pd->m;
	struct lang_data *ld = &pd->lang[lang];
	ld->t = words_value(pd, lang);

	struct value *site = value_map(a);
	value_map_set(a, site, "title",
		      text_value(pd, a, &m->site.title, lang));
	value_map_set(a, site, "description",
		      text_value(pd, a, &m->site.description, lang));
	value_map_set(a, site, "province",
		      text_value(pd, a, &m->site.province, lang));
	value_map_set(a, site, "notice",
		      text_value(pd, a, &m->site.notice, lang));
	value_map_set(a, site, "placeholder_contacts",
		      text_value(pd, a, &m->site.placeholder_contacts, lang));
	value_map_set(a, site, "base_url", value_str(a, m->site.base_url));
	value_map_set(a, site, "as_of", date_value(a, m->site.as_of));
	value_map_set(a, site, "as_of_text",
		      date_text(pd, a, lang, m->site.as_of));
	value_map_set(a, site, "kiosk", value_bool(a, pd->kiosk));
	value_map_set(a, site, "idle_seconds",
		      value_int(a, m->site.kiosk_idle_seconds));
	ld->site = site;

	struct value *nav = value_map(a);
	value_map_set(a, nav, "start", value_path(a, ""));
	value_map_set(a, nav, "home",
		      value_path(a, page_path(pd, a, PAGE_HOME, lang, 0)));
	value_map_set(a, nav, "products",
		      value_path(a, page_path(pd, a, PAGE_PRODUCTS, lang, 0)));
	value_map_set(a, nav, "producers",
		      value_path(a, page_path(pd, a, PAGE_PRODUCERS, lang, 0)));
	value_map_set(a, nav, "stories",
		      m->nstories ? value_path(a, page_path(pd, a, PAGE_STORIES,
							    lang, 0))
				  : &value_null);
	value_map_set(a, nav, "search",
		      value_path(a, page_path(pd, a, PAGE_SEARCH, lang, 0)));
	value_map_set(a, nav, "catalogue",
		      value_path(a, page_path(pd, a, PAGE_CATALOGUE, lang, 0)));
	ld->nav = nav;

	const struct page **menu = xcalloc(m->npages, sizeof(*menu));
	size_t nmenu = 0;
	for (size_t i = 0; i < m->npages; i++)
		if (m->pages[i].menu)
			menu[nmenu++] = &m->pages[i];
	qsort(menu, nmenu, sizeof(*menu), menu_cmp);
	struct value *mv = value_list(a, nmenu);
	for (size_t i = 0; i < nmenu; i++) {
		struct value *e = value_map(a);
		value_map_set(a, e, "title",
			      text_value(pd, a, &menu[i]->title, lang));
		value_map_set(
			a, e, "path",
			value_path(a, page_path(pd, a, PAGE_PAGE, lang,
						(size_t)(menu[i] - m->pages))));
		value_list_set(mv, i, e);
	}
	free(menu);
	ld->menu = mv;

	ld->groups = listed_places(pd, lang, m->site.groups, m->site.ngroups,
				   pd->layout->group_count, PAGE_GROUP);
	ld->areas = areas_value(pd, lang);

	size_t n = 0;
	for (int s = 5; s >= 3; s--)
		n += pd->layout->star_count[s] > 0;
	struct value *stars = value_list(a, n);
	n = 0;
	for (int s = 5; s >= 3; s--) {
		if (!pd->layout->star_count[s])
			continue;
		struct value *v = value_map(a);
		value_map_set(a, v, "stars", value_int(a, s));
		const char *key = arena_printf(a, "stars_%d", s);
		value_map_set(a, v, "label", word(pd, a, lang, key));
		value_map_set(a, v, "other_names",
			      other_names(pd, lang, NULL, key));
		value_map_set(a, v, "path",
			      value_path(a, page_path(pd, a, PAGE_STARS, lang,
						      (size_t)s)));
		value_map_set(
			a, v, "count",
			value_int(a, (long long)pd->layout->star_count[s]));
		value_list_set(stars, n++, v);
	}
	ld->star_levels = stars;
	ld->assets = value_path(a, "assets/");

	ld->producers =
		arena_alloc(a, (m->nproducers + 1) * sizeof(*ld->producers));
	for (size_t i = 0; i < m->nproducers; i++)
		ld->producers[i] = producer_value(pd, lang, i);
	ld->cards = arena_alloc(a, (m->nproducts + 1) * sizeof(*ld->cards));
	struct card_build b = {pd, lang};
	pool_run(m->nproducts, threads, card_job, &b);
	/* Each producer lists its products, as cards. */
	for (size_t i = 0; i < m->nproducers; i++) {
		const struct producer *p = &m->producers[i];
		struct value *l = value_list(a, p->nproducts);
		for (size_t k = 0; k < p->nproducts; k++)
			value_list_set(l, k,
				       ld->cards[p->products[k] - m->products]);
		value_map_set(a, (struct value *)ld->producers[i], "products",
			      l);
	}
	ld->stories = arena_alloc(a, (m->nstories + 1) * sizeof(*ld->stories));
	for (size_t i = 0; i < m->nstories; i++)
		ld->stories[i] = story_item(pd, lang, i);
	ld->all_producers = list_of(a, ld->producers, m->nproducers);
	ld->all_stories = list_of(a, ld->stories, m->nstories);
}

/* ------------------------------------------------------------------ */
/* Pages */

static const struct value *languages_value(const struct page_data *pd,
					   struct arena *a, enum page_kind kind,
					   size_t lang, size_t index)
{
	const struct model *m = pd->m;
	bool per_lang = kind != PAGE_ROOT && kind != PAGE_NOT_FOUND;
	struct value *l = value_list(a, m->site.nlangs);
	for (size_t i = 0; i < m->site.nlangs; i++) {
		struct value *v = value_map(a);
		value_map_set(a, v, "code", value_str(a, lang_code(pd, i)));
		value_map_set(a, v, "lang", value_str(a, lang_code(pd, i)));
		value_map_set(a, v, "name",
			      value_str(a, m->site.lang_names[i]));
		/* The kiosk's start screen speaks every language at once. */
		value_map_set(a, v, "prompt",
			      in_lang(a, word(pd, a, i, "kiosk_touch"),
				      lang_code(pd, i)));
		value_map_set(
			a, v, "search",
			in_lang(a, word(pd, a, i, "search"), lang_code(pd, i)));
		value_map_set(
			a, v, "path",
			value_path(a,
				   page_path(pd, a, per_lang ? kind : PAGE_HOME,
					     i, index)));
		value_map_set(a, v, "current",
			      value_bool(a, per_lang && i == lang));
		/* Search engines take hreflang alternates as absolute URLs
		 * only; the kiosk copy has no address, and links them
		 * relatively. */
		const char *path =
			page_path(pd, a, per_lang ? kind : PAGE_HOME, i, index);
		value_map_set(a, v, "url",
			      pd->kiosk ? value_path(a, path)
					: value_str(a, layout_url(m, a, path)));
		value_list_set(l, i, v);
	}
	return l;
}

/* The image that stands for a page when it is shared: a product's own, else
 * that of the first product of the producer or story that has one. */
static const char *share_image(const struct page_data *pd, struct arena *a,
			       const struct site_page *job)
{
	const struct model *m = pd->m;
	const struct product *const *list = NULL;
	size_t n = 0;
	switch (job->kind) {
	case PAGE_PRODUCT:
		return layout_share_image(a, &m->products[job->index]);
	case PAGE_PRODUCER:
		list = m->producers[job->index].products;
		n = m->producers[job->index].nproducts;
		break;
	case PAGE_STORY:
		list = m->stories[job->index].products;
		n = m->stories[job->index].nproducts;
		break;
	default:
		break;
	}
	for (size_t i = 0; i < n; i++)
		if (list[i]->nimages)
			return layout_share_image(a, list[i]);
	return NULL;
}

/* The QR code of a product page's address, made when first written: by
 * the product page or by the printable catalogue, whichever comes first. */
static const struct value *product_qr(const struct page_data *pd,
				      size_t product, size_t lang)
{
	return pd->product_qr[product * pd->m->site.nlangs + lang];
}

static void make_product_qrs(struct page_data *pd)
{
	const struct model *m = pd->m;
	struct arena *a = &pd->arena;
	size_t n = m->nproducts * m->site.nlangs;
	pd->product_qr = xcalloc(n ? n : 1, sizeof(*pd->product_qr));
	pd->product_qr_memo = xcalloc(n ? n : 1, sizeof(*pd->product_qr_memo));
	for (size_t i = 0; i < n; i++) {
		size_t product = i / m->site.nlangs, lang = i % m->site.nlangs;
		const char *url = layout_url(
			m, a, page_path(pd, a, PAGE_PRODUCT, lang, product));
		pd->product_qr[i] =
			value_lazy_html(a, qr_modules_write, qr_svg_draw, url,
					&pd->product_qr_memo[i]);
	}
}

/* What a page needs to be shared, found and printed: its absolute address,
 * its share image, its feed, and a QR code of its address for print. The
 * 404 page has no address of its own. */
static void share_values(const struct page_data *pd, struct arena *a,
			 const struct site_page *job, struct value *page)
{
	const struct model *m = pd->m;
	if (job->kind == PAGE_NOT_FOUND) {
		value_map_set(a, page, "url", &value_null);
		value_map_set(a, page, "image", &value_null);
		value_map_set(a, page, "qr", &value_null);
		value_map_set(a, page, "feed", &value_null);
		return;
	}
	const char *url = layout_url(m, a, job->path);
	value_map_set(a, page, "url", value_str(a, url));
	const char *image = share_image(pd, a, job);
	value_map_set(a, page, "image",
		      image ? value_str(a, layout_url(m, a, image))
			    : &value_null);
	value_map_set(a, page, "qr",
		      job->kind == PAGE_PRODUCT
			      ? product_qr(pd, job->index, job->lang)
			      : value_lazy_html(a, qr_modules_write,
						qr_svg_draw, url, NULL));
	value_map_set(
		a, page, "feed",
		m->nstories && job->kind != PAGE_ROOT
			? value_path(a, arena_printf(a, "%s/%s",
						     lang_code(pd, job->lang),
						     FEEDS_ATOM_NAME))
			: &value_null);
}

static struct value *page_ctx(const struct page_data *pd, struct arena *a,
			      const struct site_page *job,
			      const struct value *title,
			      const struct value *description)
{
	const struct lang_data *ld = &pd->lang[job->lang];
	struct value *ctx = value_map(a);
	value_map_set(a, ctx, "site", ld->site);
	value_map_set(a, ctx, "lang", value_str(a, lang_code(pd, job->lang)));
	char locale[16];
	value_map_set(
		a, ctx, "locale",
		lang_og_locale(lang_code(pd, job->lang), locale, sizeof(locale))
			? value_str(a, arena_strdup(a, locale))
			: &value_null);
	value_map_set(a, ctx, "t", ld->t);
	value_map_set(a, ctx, "nav", ld->nav);
	value_map_set(a, ctx, "menu", ld->menu);
	value_map_set(a, ctx, "groups", ld->groups);
	value_map_set(a, ctx, "areas", ld->areas);
	value_map_set(a, ctx, "star_levels", ld->star_levels);
	value_map_set(a, ctx, "assets", ld->assets);
	const struct value *langs =
		languages_value(pd, a, job->kind, job->lang, job->index);
	value_map_set(a, ctx, "languages", langs);
	struct value *page = value_map(a);
	value_map_set(a, page, "kind",
		      value_str(a, page_template_names[job->kind]));
	value_map_set(a, page, "title", title);
	value_map_set(a, page, "description", description);
	value_map_set(a, page, "path", value_path(a, job->path));
	value_map_set(a, page, "alternates",
		      job->kind == PAGE_NOT_FOUND ? value_list(a, 0) : langs);
	/* The address for a reader whose language has no version: the root,
	 * which lets them choose. */
	value_map_set(a, page, "x_default",
		      job->kind == PAGE_NOT_FOUND || pd->kiosk
			      ? &value_null
			      : value_str(a, pd->m->site.base_url));
	share_values(pd, a, job, page);
	value_map_set(a, ctx, "page", page);
	return ctx;
}

/* The theme's words of one language, as trade.h reads them. */
struct page_words {
	const struct page_data *pd;
	size_t lang;
};

static const char *page_word(const void *ctx, const char *key)
{
	const struct page_words *w = ctx;
	return theme_word(w->pd->th, w->lang, key);
}

/* The numbered notes of a page: the sources of its record, then those of
 * a second record (a product's producer) whose address is not yet listed;
 * a source of both records is one note. */
struct notes {
	struct note {
		const struct source *own, *other; /* either may be NULL */
	} * items;
	size_t n;
};

static struct notes page_notes(struct arena *a, const struct source *own,
			       size_t nown, const struct source *other,
			       size_t nother)
{
	struct notes ns = {
		arena_alloc(a, (nown + nother + 1) * sizeof(*ns.items)), 0};
	for (size_t i = 0; i < nown; i++)
		ns.items[ns.n++] = (struct note){&own[i], NULL};
	for (size_t i = 0; i < nother; i++) {
		size_t k = 0;
		while (k < ns.n &&
		       !(ns.items[k].own &&
			 !strcmp(ns.items[k].own->url, other[i].url)))
			k++;
		if (k < ns.n && !ns.items[k].other)
			ns.items[k].other = &other[i];
		else
			ns.items[ns.n++] = (struct note){NULL, &other[i]};
	}
	return ns;
}

/* The notes as the list under a page: {id, url, title, stop (false when
 * the title ends in a stop of its own), publisher, date, checked,
 * checked_text}, numbered from 1 by their place. */
static const struct value *notes_value(const struct page_data *pd,
				       struct arena *a, size_t lang,
				       const struct notes *ns)
{
	struct value *list = value_list(a, ns->n);
	for (size_t i = 0; i < ns->n; i++) {
		const struct source *s = ns->items[i].own ? ns->items[i].own
							  : ns->items[i].other;
		struct value *v = value_map(a);
		value_map_set(
			a, v, "id",
			value_str(a, arena_printf(a, "source-%zu", i + 1)));
		value_map_set(a, v, "url", value_str(a, s->url));
		value_map_set(a, v, "title", value_str(a, s->title));
		/* No stop after a title that ends in one: "…4 sao?" */
		size_t len = strlen(s->title);
		bool stop = !len || !strchr(".?!", s->title[len - 1]);
		if (len >= 3 && (!strcmp(s->title + len - 3, "\xe3\x80\x82") ||
				 !strcmp(s->title + len - 3, "\xef\xbc\x9f")))
			stop = false; /* 。？ */
		value_map_set(a, v, "stop", value_bool(a, stop));
		value_map_set(a, v, "publisher", value_str(a, s->publisher));
		/* A day as the page writes dates; a month or a year as given.
		 */
		struct date day = {0};
		if (s->date && strlen(s->date) == 10)
			text_parse_date(s->date, &day.year, &day.month,
					&day.day);
		value_map_set(a, v, "date",
			      day.year ? date_text(pd, a, lang, day)
				       : value_str(a, s->date));
		value_map_set(a, v, "checked", date_value(a, s->checked));
		value_map_set(a, v, "checked_text",
			      date_text(pd, a, lang, s->checked));
		value_list_set(list, i, v);
	}
	return list;
}

/* The notes that support path, of the page's own record or (other) of
 * the second: a list of {href, text, label}, "[2]" and "Source 2";
 * empty when none does. */
static const struct value *cite_value(const struct page_data *pd,
				      struct arena *a, size_t lang,
				      const struct notes *ns, const char *path,
				      bool other)
{
	const struct value **items =
		arena_alloc(a, (ns->n + 1) * sizeof(*items));
	const char *label = theme_word(pd->th, lang, "source");
	size_t n = 0;
	for (size_t i = 0; i < ns->n; i++) {
		const struct source *s =
			other ? ns->items[i].other : ns->items[i].own;
		if (!s || !sources_support(s, 1, path))
			continue;
		struct value *v = value_map(a);
		/* The kiosk's targets are all large: there a note is
		 * text, with the list below it. */
		value_map_set(
			a, v, "href",
			contact_href(pd, a,
				     arena_printf(a, "#source-%zu", i + 1)));
		value_map_set(a, v, "text",
			      value_str(a, arena_printf(a, "[%zu]", i + 1)));
		value_map_set(
			a, v, "label",
			value_str(a, arena_printf(a, "%s %zu",
						  label ? label : "Source",
						  i + 1)));
		items[n++] = v;
	}
	return list_of(a, items, n);
}

/* One row of the table for buyers: {key, label, value, note, list,
 * certifications, indicative, cite}, value a text, list a list of texts,
 * certifications a list of {name, number, issuer, issued, issued_text,
 * expires, expires_text, expired}; what a row has not is null. */
static struct value *fact(const struct page_data *pd, struct arena *a,
			  size_t lang, const struct notes *ns, const char *key,
			  bool indicative)
{
	struct value *f = value_map(a);
	value_map_set(a, f, "key", value_str(a, key));
	value_map_set(a, f, "label", word(pd, a, lang, key));
	value_map_set(a, f, "value", &value_null);
	value_map_set(a, f, "note", &value_null);
	value_map_set(a, f, "list", &value_null);
	value_map_set(a, f, "certifications", &value_null);
	value_map_set(a, f, "indicative", value_bool(a, indicative));
	/* "price_range" is the price of records written before "price". */
	value_map_set(a, f, "cite",
		      cite_value(pd, a, lang, ns,
				 strcmp(key, "price_range") ? key : "price",
				 false));
	return f;
}

/* A row whose value a struct buf holds, released here. */
static void fact_text(struct arena *a, struct value *f, struct buf *b)
{
	value_map_set(a, f, "value", value_str(a, arena_strdup(a, b->data)));
	buf_release(b);
}

static struct value *quantity_fact(const struct page_data *pd, struct arena *a,
				   size_t lang, const struct notes *ns,
				   const char *key, const struct quantity *q,
				   bool indicative)
{
	struct page_words w = {pd, lang};
	struct value *f = fact(pd, a, lang, ns, key, indicative);
	struct buf b = BUF_INIT;
	trade_quantity(&b, q, page_word, &w);
	fact_text(a, f, &b);
	return f;
}

static const struct value *certification_value(const struct page_data *pd,
					       struct arena *a, size_t lang,
					       const struct certification *c)
{
	const char *name = c->name;
	if (c->scheme >= 0) {
		const struct trade_scheme *s = &trade_schemes[c->scheme];
		const char *w = theme_word(pd->th, lang,
					   arena_printf(a, "scheme_%s", s->id));
		name = w ? w : s->name;
	}
	struct value *v = value_map(a);
	value_map_set(a, v, "name", value_str(a, name));
	value_map_set(a, v, "number", value_str(a, c->number));
	value_map_set(a, v, "issuer", value_str(a, c->issuer));
	value_map_set(a, v, "issued", date_value(a, c->issued));
	value_map_set(a, v, "issued_text", date_text(pd, a, lang, c->issued));
	value_map_set(a, v, "expires", date_value(a, c->expires));
	value_map_set(a, v, "expires_text", date_text(pd, a, lang, c->expires));
	value_map_set(a, v, "expired", value_bool(a, c->expired));
	return v;
}

/* The table for buyers: the rows of the fields the record gives, in the
 * order a buyer asks. */
static const struct value *facts_value(const struct page_data *pd,
				       struct arena *a, size_t lang,
				       const struct product *p,
				       const struct notes *ns)
{
	struct page_words w = {pd, lang};
	const struct value *items[16];
	size_t n = 0;
	if (p->price.currency) {
		struct value *f = fact(pd, a, lang, ns, "price",
				       product_indicative(p, INDICATIVE_PRICE));
		struct buf b = BUF_INIT;
		trade_price(&b, &p->price, page_word, &w);
		fact_text(a, f, &b);
		value_map_set(a, f, "note",
			      text_value(pd, a, &p->price.note, lang));
		items[n++] = f;
	}
	if (ltext_present(&p->price_range)) {
		struct value *f = fact(pd, a, lang, ns, "price_range",
				       product_indicative(p, INDICATIVE_PRICE));
		value_map_set(a, f, "value",
			      text_value(pd, a, &p->price_range, lang));
		items[n++] = f;
	}
	for (size_t i = 0; i < PRODUCT_TRADE_FIELDS; i++) {
		const struct product_trade_field *t = &product_trade_fields[i];
		const struct quantity *q = product_trade_quantity(p, t);
		bool ind = product_indicative(p, t->flag);
		if (!q && ltext_present(&p->packaging)) {
			struct value *f = fact(pd, a, lang, ns, t->name, ind);
			value_map_set(a, f, "value",
				      text_value(pd, a, &p->packaging, lang));
			items[n++] = f;
		} else if (q && q->value > 0) {
			items[n++] =
				quantity_fact(pd, a, lang, ns, t->name, q, ind);
		}
	}
	if (p->ncertifications) {
		struct value *f =
			fact(pd, a, lang, ns, "certifications", false);
		struct value *certs = value_list(a, p->ncertifications);
		for (size_t i = 0; i < p->ncertifications; i++)
			value_list_set(
				certs, i,
				certification_value(pd, a, lang,
						    &p->certifications[i]));
		value_map_set(a, f, "certifications", certs);
		items[n++] = f;
	}
	if (p->hs_code) {
		struct value *f = fact(pd, a, lang, ns, "hs_code", false);
		value_map_set(a, f, "value", value_str(a, p->hs_code));
		items[n++] = f;
	}
	if (p->nexport_markets) {
		struct value *f =
			fact(pd, a, lang, ns, "export_markets", false);
		struct value *markets = value_list(a, p->nexport_markets);
		for (size_t i = 0; i < p->nexport_markets; i++)
			value_list_set(
				markets, i,
				text_value(pd, a, &p->export_markets[i], lang));
		value_map_set(a, f, "list", markets);
		items[n++] = f;
	}
	return list_of(a, items, n);
}

/* A product with all it has; with its story and structured data when
 * path, the page's site path, is given (the printed catalogue shows
 * neither). */
static struct value *product_page(const struct page_data *pd, struct arena *a,
				  size_t lang, size_t index, const char *path)
{
	const struct model *m = pd->m;
	const struct product *p = &m->products[index];
	struct value *v = map_copy(a, pd->lang[lang].cards[index]);
	value_map_set(a, v, "body",
		      path ? body_value(pd, a, &p->body, "products", p->slug,
					lang, path)
			   : &value_null);
	struct value *images = value_list(a, p->nimages);
	for (size_t i = 0; i < p->nimages; i++)
		value_list_set(images, i,
			       image_value(pd, a, lang, p->slug, &p->images[i],
					   i > 0));
	value_map_set(a, v, "images", images);
	/* Notes belong to the product's own page: the printed catalogue
	 * has no list for them to point to. */
	struct notes ns = page_notes(a, p->sources, path ? p->nsources : 0,
				     p->producer->sources,
				     path ? p->producer->nsources : 0);
	value_map_set(a, v, "facts", facts_value(pd, a, lang, p, &ns));
	value_map_set(a, v, "notes", notes_value(pd, a, lang, &ns));
	struct value *cite = value_map(a);
	static const struct {
		const char *key, *path;
		bool other;
	} cited[] = {
		{"stars", "stars", false},
		{"decision", "certificate.decision", false},
		{"year", "certificate.year", false},
		{"points", "certificate.points", false},
		{"issued", "certificate.issued", false},
		{"producer", "producer", false},
		{"address", "address", true},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cited); i++)
		value_map_set(a, cite, cited[i].key,
			      cite_value(pd, a, lang, &ns, cited[i].path,
					 cited[i].other));
	value_map_set(a, v, "cite", cite);
	struct value *certs = value_list(a, p->ncertifications);
	for (size_t i = 0; i < p->ncertifications; i++)
		value_list_set(certs, i,
			       certification_value(pd, a, lang,
						   &p->certifications[i]));
	value_map_set(a, v, "certifications", certs);
	struct value *markets = value_list(a, p->nexport_markets);
	for (size_t i = 0; i < p->nexport_markets; i++)
		value_list_set(markets, i,
			       text_value(pd, a, &p->export_markets[i], lang));
	value_map_set(a, v, "export_markets", markets);
	/* Structured data belongs to the product's own page. */
	if (!path) {
		value_map_set(a, v, "jsonld", &value_null);
		return v;
	}
	const char *award =
		theme_word(pd->th, lang, arena_printf(a, "stars_%d", p->stars));
	char *ld = jsonld_product(m, lang, index,
				  award ? award
					: arena_printf(a, "OCOP %d", p->stars));
	value_map_set(a, v, "jsonld", value_html(a, arena_strdup(a, ld), NULL));
	free(ld);
	return v;
}

static const struct value *list_page(const struct page_data *pd,
				     struct arena *a,
				     const struct site_page *job,
				     const struct value **title)
{
	const struct model *m = pd->m;
	size_t lang = job->lang;
	const struct lang_data *ld = &pd->lang[lang];
	const size_t *members;
	size_t n = layout_listing(pd->layout, job, &members);
	const struct value **items = arena_alloc(a, (n + 1) * sizeof(*items));
	for (size_t k = 0; k < n; k++)
		items[k] = ld->cards[members[k]];
	/* A group or a place introduces its own listing; the others need
	 * no more than their title. A place also says what it was. */
	const struct ltext *intro = NULL;
	const struct value *place = &value_null;
	switch (job->kind) {
	case PAGE_GROUP:
		*title = place_name(pd, a, &m->site.groups[job->index], lang);
		intro = &m->site.groups[job->index].description;
		break;
	case PAGE_AREA: {
		const struct place *pl = &m->site.areas.places[job->index];
		*title = text_value(pd, a, &pl->name, lang);
		intro = &pl->description;
		place = place_value(pd, a, lang, pl, PAGE_AREA);
		break;
	}
	case PAGE_STARS:
		*title = word(pd, a, lang,
			      arena_printf(a, "stars_%zu", job->index));
		break;
	default:
		*title = word(pd, a, lang, "all_products");
	}
	struct value *list = value_map(a);
	value_map_set(a, list, "title", *title);
	value_map_set(a, list, "description",
		      intro ? text_value(pd, a, intro, lang) : &value_null);
	value_map_set(a, list, "area", place);
	value_map_set(a, list, "products", list_of(a, items, n));
	struct value *exports = NULL;
	if (job->kind == PAGE_PRODUCTS) {
		exports = value_map(a);
		value_map_set(a, exports, "csv",
			      value_path(a, arena_printf(a, "%s/%s",
							 lang_code(pd, lang),
							 EXPORTS_CSV_NAME)));
		value_map_set(a, exports, "json",
			      value_path(a, arena_printf(a, "%s/%s",
							 lang_code(pd, lang),
							 EXPORTS_JSON_NAME)));
	}
	value_map_set(a, list, "exports", exports ? exports : &value_null);
	return list;
}

/* Featured cards whose pictures may be in the first screen (five on a
 * phone's compact list, four in a desktop's row), and so are not loaded
 * lazily. */
#define FEATURED_EAGER 8

/* The home page's featured products, as cards: those that site.json names,
 * in its order, then those marked featured. */
static const struct value *featured_cards(const struct page_data *pd,
					  struct arena *a, size_t lang)
{
	const struct model *m = pd->m;
	const struct lang_data *ld = &pd->lang[lang];
	size_t *order = arena_alloc(a, (m->nproducts + 1) * sizeof(*order));
	size_t n = model_featured(m, order);
	const struct value **featured =
		arena_alloc(a, (n + 1) * sizeof(*featured));
	for (size_t i = 0; i < n; i++)
		featured[i] = i < FEATURED_EAGER
				      ? card_value(pd, a, lang, order[i], false)
				      : ld->cards[order[i]];
	return list_of(a, featured, n);
}

/* What a page adds to what all pages have: its title and description
 * (the site's, unless set), its own data under key (none when NULL), and
 * values set beside it at the top (none when NULL). */
struct page_own {
	const struct value *title, *description;
	const char *key;
	const struct value *data;
	struct value *top;
};

/* One builder per kind of page. */
typedef void page_builder(const struct page_data *pd, struct arena *a,
			  const struct site_page *page, struct page_own *own);

/* The kiosk's start screen cycles through the featured products. */
static void build_root(const struct page_data *pd, struct arena *a,
		       const struct site_page *page, struct page_own *own)
{
	own->key = "featured";
	own->data = featured_cards(pd, a, page->lang);
}

static void build_not_found(const struct page_data *pd, struct arena *a,
			    const struct site_page *page, struct page_own *own)
{
	own->title = word(pd, a, page->lang, "not_found_title");
}

static void build_home(const struct page_data *pd, struct arena *a,
		       const struct site_page *page, struct page_own *own)
{
	const struct lang_data *ld = &pd->lang[page->lang];
	size_t nstories = pd->m->nstories;
	own->top = value_map(a);
	value_map_set(a, own->top, "featured",
		      featured_cards(pd, a, page->lang));
	value_map_set(a, own->top, "stories",
		      list_of(a, ld->stories, nstories < 3 ? nstories : 3));
}

/* Every product, or those of a group, a place or a star level. */
static void build_list(const struct page_data *pd, struct arena *a,
		       const struct site_page *page, struct page_own *own)
{
	own->key = "list";
	own->data = list_page(pd, a, page, &own->title);
}

static void build_product(const struct page_data *pd, struct arena *a,
			  const struct site_page *page, struct page_own *own)
{
	struct value *v =
		product_page(pd, a, page->lang, page->index, page->path);
	own->key = "product";
	own->data = v;
	own->title = value_map_get(v, "name");
	own->description = value_map_get(v, "summary");
	/* Partials take no arguments: the product page names its producer
	 * "producer", as the producer page does, so both share the contacts
	 * partial. */
	own->top = value_map(a);
	value_map_set(a, own->top, "producer", value_map_get(v, "producer"));
	value_map_set(a, own->top, "notes", value_map_get(v, "notes"));
}

static void build_producers(const struct page_data *pd, struct arena *a,
			    const struct site_page *page, struct page_own *own)
{
	own->key = "producers";
	own->data = pd->lang[page->lang].all_producers;
	own->title = word(pd, a, page->lang, "producers");
}

static void build_producer(const struct page_data *pd, struct arena *a,
			   const struct site_page *page, struct page_own *own)
{
	const struct producer *p = &pd->m->producers[page->index];
	struct value *v =
		map_copy(a, pd->lang[page->lang].producers[page->index]);
	value_map_set(a, v, "about",
		      body_value(pd, a, &p->about, "producers", p->id,
				 page->lang, page->path));
	struct notes ns = page_notes(a, p->sources, p->nsources, NULL, 0);
	struct value *cite = value_map(a);
	value_map_set(a, cite, "address",
		      cite_value(pd, a, page->lang, &ns, "address", false));
	value_map_set(a, v, "cite", cite);
	own->key = "producer";
	own->data = v;
	/* Named "notes" on both pages, for the one partial that lists them. */
	own->top = value_map(a);
	value_map_set(a, own->top, "notes",
		      notes_value(pd, a, page->lang, &ns));
	own->title = value_map_get(v, "name");
}

static void build_stories(const struct page_data *pd, struct arena *a,
			  const struct site_page *page, struct page_own *own)
{
	own->key = "stories";
	own->data = pd->lang[page->lang].all_stories;
	own->title = word(pd, a, page->lang, "stories");
}

static void build_story(const struct page_data *pd, struct arena *a,
			const struct site_page *page, struct page_own *own)
{
	const struct model *m = pd->m;
	const struct lang_data *ld = &pd->lang[page->lang];
	const struct story *s = &m->stories[page->index];
	struct value *v = map_copy(a, ld->stories[page->index]);
	value_map_set(a, v, "body",
		      body_value(pd, a, &s->body, "stories", s->slug,
				 page->lang, page->path));
	struct value *prods = value_list(a, s->nproducts);
	for (size_t k = 0; k < s->nproducts; k++)
		value_list_set(prods, k,
			       ld->cards[s->products[k] - m->products]);
	value_map_set(a, v, "products", prods);
	own->key = "story";
	own->data = v;
	own->title = value_map_get(v, "title");
	own->description = value_map_get(v, "summary");
}

/* A product of the printed catalogue: its page's data and QR code. */
static struct value *catalogue_item(const struct page_data *pd, struct arena *a,
				    size_t lang, size_t k)
{
	struct value *pv = product_page(pd, a, lang, k, NULL);
	value_map_set(a, pv, "qr", product_qr(pd, k, lang));
	return pv;
}

/* The name of a part of the printed catalogue: its group's, with its
 * number when the group has several parts. */
static const struct value *part_title(const struct page_data *pd,
				      struct arena *a, size_t lang,
				      const struct catalogue_part *part)
{
	const struct site *site = &pd->m->site;
	if (part->group >= site->ngroups)
		return word(pd, a, lang, "catalogue");
	const struct value *name =
		place_name(pd, a, &site->groups[part->group], lang);
	if (part->of == 1 || name->kind != VALUE_STR)
		return name;
	return value_str_lang(a,
			      arena_printf(a, "%s (%zu/%zu)", name->u.str.s,
					   part->number, part->of),
			      name->lang);
}

/* The contents of a catalogue in parts: each part's title, address, size
 * and first and last products. */
static struct value *catalogue_contents(const struct page_data *pd,
					struct arena *a, size_t lang)
{
	const struct layout *l = pd->layout;
	const struct lang_data *ld = &pd->lang[lang];
	struct value *parts = value_list(a, l->nparts);
	for (size_t k = 0; k < l->nparts; k++) {
		const struct catalogue_part *part = &l->parts[k];
		const size_t *members = layout_part_members(l, k);
		struct value *pv = value_map(a);
		value_map_set(a, pv, "title", part_title(pd, a, lang, part));
		value_map_set(a, pv, "path",
			      value_path(a, page_path(pd, a, PAGE_CATALOGUE,
						      lang, k + 1)));
		value_map_set(a, pv, "count", value_int(a, (long long)part->n));
		value_map_set(a, pv, "first",
			      value_map_get(ld->cards[members[0]], "name"));
		value_map_set(
			a, pv, "last",
			value_map_get(ld->cards[members[part->n - 1]], "name"));
		value_list_set(parts, k, pv);
	}
	return parts;
}

/* Every product with its facts and contacts, and a QR code of its page,
 * for print: on one page, or, past CATALOGUE_PART_MAX products, a page of
 * contents (index 0) and a page per part. */
static void build_catalogue(const struct page_data *pd, struct arena *a,
			    const struct site_page *page, struct page_own *own)
{
	const struct model *m = pd->m;
	const struct layout *l = pd->layout;
	size_t lang = page->lang;
	struct value *v = value_map(a);
	struct value *prods;
	own->title = word(pd, a, lang, "catalogue");
	if (page->index) {
		const struct catalogue_part *part = &l->parts[page->index - 1];
		const size_t *members = layout_part_members(l, page->index - 1);
		prods = value_list(a, part->n);
		for (size_t k = 0; k < part->n; k++)
			value_list_set(prods, k,
				       catalogue_item(pd, a, lang, members[k]));
		value_map_set(a, v, "part", part_title(pd, a, lang, part));
		value_map_set(a, v, "contents",
			      value_path(a, page_path(pd, a, PAGE_CATALOGUE,
						      lang, 0)));
		own->title = value_str(
			a, arena_printf(a, "%s: %s", own->title->u.str.s,
					value_map_get(v, "part")->u.str.s));
	} else if (l->nparts) {
		prods = value_list(a, 0);
		value_map_set(a, v, "parts", catalogue_contents(pd, a, lang));
	} else {
		prods = value_list(a, m->nproducts);
		for (size_t k = 0; k < m->nproducts; k++)
			value_list_set(prods, k,
				       catalogue_item(pd, a, lang, k));
	}
	value_map_set(a, v, "title", own->title);
	value_map_set(a, v, "products", prods);
	/* Each page of a catalogue in parts sets some of these. */
	const char *optional[] = {"part", "contents", "parts"};
	for (size_t i = 0; i < ARRAY_SIZE(optional); i++)
		if (!value_map_get(v, optional[i]))
			value_map_set(a, v, optional[i], &value_null);
	own->key = "catalogue";
	own->data = v;
}

static void build_search(const struct page_data *pd, struct arena *a,
			 const struct site_page *page, struct page_own *own)
{
	struct value *v = value_map(a);
	value_map_set(a, v, "index",
		      value_path(a, arena_printf(a, "%s/%s",
						 lang_code(pd, page->lang),
						 SEARCH_INDEX_FILE)));
	value_map_set(a, v, "lang", value_str(a, lang_code(pd, page->lang)));
	char *words = search_words_json(pd->m, pd->th, page->lang);
	value_map_set(a, v, "words", value_str(a, arena_strdup(a, words)));
	free(words);
	size_t nchips;
	const char **chips = search_words_chips(pd->th, page->lang, a, &nchips);
	struct value *list = value_list(a, nchips);
	for (size_t i = 0; i < nchips; i++)
		value_list_set(list, i, value_str(a, chips[i]));
	value_map_set(a, v, "chips", list);
	own->key = "search";
	own->data = v;
	own->title = word(pd, a, page->lang, "search");
}

static void build_page(const struct page_data *pd, struct arena *a,
		       const struct site_page *page, struct page_own *own)
{
	const struct page *p = &pd->m->pages[page->index];
	size_t lang = page->lang;
	struct value *v = value_map(a);
	value_map_set(a, v, "title", text_value(pd, a, &p->title, lang));
	value_map_set(a, v, "summary", text_value(pd, a, &p->summary, lang));
	value_map_set(a, v, "body",
		      body_value(pd, a, &p->body, "pages", p->slug, lang,
				 page->path));
	value_map_set(a, v, "path", value_path(a, page->path));
	own->key = "content";
	own->data = v;
	own->title = value_map_get(v, "title");
	if (ltext_present(&p->summary))
		own->description = value_map_get(v, "summary");
}

static page_builder *const builders[PAGE_KINDS] = {
	[PAGE_ROOT] = build_root,	  [PAGE_NOT_FOUND] = build_not_found,
	[PAGE_HOME] = build_home,	  [PAGE_PRODUCTS] = build_list,
	[PAGE_PRODUCT] = build_product,	  [PAGE_PRODUCERS] = build_producers,
	[PAGE_PRODUCER] = build_producer, [PAGE_GROUP] = build_list,
	[PAGE_AREA] = build_list,	  [PAGE_STARS] = build_list,
	[PAGE_STORIES] = build_stories,	  [PAGE_STORY] = build_story,
	[PAGE_PAGE] = build_page,	  [PAGE_CATALOGUE] = build_catalogue,
	[PAGE_SEARCH] = build_search,
};

struct value *page_data_of(const struct page_data *pd, struct arena *a,
			   const struct site_page *page)
{
	const struct site *site = &pd->m->site;
	if (!page_data_built(pd, page->lang))
		BUG("page data of %s before its language's", page->path);
	struct page_own own = {0};
	builders[page->kind](pd, a, page, &own);
	if (!own.title)
		own.title = text_value(pd, a, &site->title, page->lang);
	if (!own.description)
		own.description =
			text_value(pd, a, &site->description, page->lang);
	struct value *ctx = page_ctx(pd, a, page, own.title, own.description);
	if (own.key)
		value_map_set(a, ctx, own.key, own.data);
	for (size_t i = 0; own.top && i < own.top->u.map.n; i++)
		value_map_set(a, ctx, own.top->u.map.pairs[i].key,
			      own.top->u.map.pairs[i].val);
	return ctx;
}

void page_data_init(struct page_data *pd, const struct model *m,
		    const struct theme *th, const struct images *images,
		    const struct layout *layout, bool kiosk)
{
	*pd = (struct page_data){
		.m = m,
		.th = th,
		.images = images,
		.layout = layout,
		.kiosk = kiosk,
	};
	pd->lang = xcalloc(m->site.nlangs, sizeof(*pd->lang));
	pthread_mutex_init(&pd->build_lock, NULL);
	make_product_qrs(pd);
}

void page_data_build(struct page_data *pd, size_t lang, int threads)
{
	pthread_mutex_lock(&pd->build_lock);
	if (!page_data_built(pd, lang)) {
		build_lang(pd, lang, threads);
		atomic_store(&pd->lang[lang].built, true);
	}
	pthread_mutex_unlock(&pd->build_lock);
}

void page_data_drop(struct page_data *pd, size_t lang)
{
	struct lang_data *ld = &pd->lang[lang];
	size_t nl = pd->m->site.nlangs;
	for (size_t i = 0; i < pd->m->nproducts; i++) {
		value_memo *memo = &pd->product_qr_memo[i * nl + lang];
		free(atomic_exchange(memo, NULL));
	}
	arena_release(&ld->arena);
	for (size_t w = 0; w < POOL_MAX_THREADS; w++)
		arena_release(&ld->workers[w]);
	memset(ld, 0, sizeof(*ld));
}

bool page_data_built(const struct page_data *pd, size_t lang)
{
	return atomic_load(&pd->lang[lang].built);
}

void page_data_release(struct page_data *pd)
{
	for (size_t l = 0; pd->lang && l < pd->m->site.nlangs; l++)
		page_data_drop(pd, l);
	free(pd->product_qr_memo);
	free(pd->product_qr);
	free(pd->lang);
	if (pd->m)
		pthread_mutex_destroy(&pd->build_lock);
	arena_release(&pd->arena);
	memset(pd, 0, sizeof(*pd));
}
