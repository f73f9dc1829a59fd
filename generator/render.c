/*
 * The site's pages: their addresses, their data and their templates. The
 * data shared by many pages (product cards, producers, the menu) is built
 * once per language; each page then adds its own and runs its template.
 */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "exports.h"
#include "feeds.h"
#include "images.h"
#include "jsonld.h"
#include "layout.h"
#include "links.h"
#include "pool.h"
#include "qr.h"
#include "search.h"
#include "template.h"
#include "value.h"
#include "vcard.h"

/* Jobs beyond the pages. */
enum {
	JOB_COPY = PAGE_KINDS, /* a file copied as it is */
	JOB_FILE,	       /* a file made by a render_file_fn */
	JOB_VCARD,	       /* a producer's contact.vcf */
};

/* The template each kind of page uses, and its page.kind. */
static const char *const page_template[PAGE_KINDS] = {
	[PAGE_ROOT] = "root",	      [PAGE_NOT_FOUND] = "404",
	[PAGE_HOME] = "home",	      [PAGE_PRODUCTS] = "list",
	[PAGE_PRODUCT] = "product",   [PAGE_PRODUCERS] = "producers",
	[PAGE_PRODUCER] = "producer", [PAGE_GROUP] = "list",
	[PAGE_DISTRICT] = "list",     [PAGE_STARS] = "list",
	[PAGE_STORIES] = "stories",   [PAGE_STORY] = "story",
	[PAGE_PAGE] = "page",	      [PAGE_CATALOGUE] = "catalogue",
	[PAGE_SEARCH] = "search",
};

struct job {
	int kind; /* enum page_kind, JOB_COPY or JOB_FILE */
	size_t lang;
	size_t index; /* of the item, group, district, or the star level */
	const char *site_path; /* a page's folder ("vi/products/x/"), or a
				  file ("404.html", "media/...") */
	const char *src;       /* for copies: the file to copy */
	render_file_fn *make;  /* for JOB_FILE */
};

/* Data built once per language and shared by its pages. */
struct lang_data {
	const struct value *t, *site, *nav, *menu, *groups, *districts,
		*star_levels, *assets;
	const struct value **cards;	/* per product */
	const struct value **producers; /* per producer */
	const struct value **stories;	/* per story, as listed */
	const struct value *all_cards, *all_producers, *all_stories;
};

/* Bodies rendered to HTML once, [item * nlangs + lang]; NULL where the
 * language has none. */
struct bodies {
	char **product, **producer, **story, **page;
};

struct worker_state {
	struct arena arena;
	struct buf out, path;
};

struct renderer {
	const struct model *m;
	const struct theme *th;
	const struct render_opts *o;
	const char *out_dir;
	struct diag *d;
	struct arena arena; /* shared, read-only once pages run */
	struct lang_data lang[MODEL_MAX_LANGS];
	struct bodies bodies;
	struct layout layout;
	const struct images *images;
	struct job *jobs;
	size_t njobs, cap;
	struct worker_state ws[POOL_MAX_THREADS];
	/* QR codes of the product pages, [product * nlangs + lang], made
	 * once on the pool: each appears on its page and in the printed
	 * catalogue. */
	const char **product_qr;
	struct arena qr_arena[POOL_MAX_THREADS];
	const struct template *templates[PAGE_KINDS];
	/* Files that could not be written (a full disk fails them all):
	 * reported once, with the first one's path and cause. */
	atomic_size_t write_failures;
	/* Product indexes in the order of listings: stars, highest first, then
	 * as the model sorts them. */
	size_t *by_stars;
	char *first_failure; /* written by the worker that failed first */
	int first_errno;
};

static const char *lang_code(const struct renderer *r, size_t lang)
{
	return r->m->site.langs[lang];
}

static const char *page_path(struct renderer *r, struct arena *a, int kind,
			     size_t lang, size_t index)
{
	return layout_path(r->m, a, (enum page_kind)kind, lang, index);
}

/* ------------------------------------------------------------------ */
/* Values */

static const struct value *text_value(struct renderer *r, struct arena *a,
				      const struct ltext *t, size_t lang)
{
	bool fallback;
	const char *s = ltext_get(t, lang, &fallback);
	if (!s)
		return &value_null;
	return value_str_lang(a, s, fallback ? lang_code(r, 0) : NULL);
}

static const struct value *word(struct renderer *r, struct arena *a,
				size_t lang, const char *key)
{
	const char *w = theme_word(r->th, lang, key);
	return w ? value_str(a, w) : value_str(a, key);
}

static const struct value *date_value(struct arena *a, struct date dt)
{
	if (!dt.year)
		return &value_null;
	return value_str(a, arena_printf(a, "%04d-%02d-%02d", dt.year, dt.month,
					 dt.day));
}

/* A date as a reader of lang writes it, from the theme's pattern
 * "date_format": {d} and {dd} the day, {m} and {mm} the month (dd and mm
 * with a leading zero), {month} its name ("month_1"...), {yyyy} the year.
 * Machine-readable dates (datetime, feeds, exports) stay ISO. */
static const struct value *date_text(struct renderer *r, struct arena *a,
				     size_t lang, struct date dt)
{
	if (!dt.year)
		return &value_null;
	const char *f = theme_word(r->th, lang, "date_format");
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
			const char *name = theme_word(r->th, lang, key);
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

static struct value *ref_value(struct renderer *r, struct arena *a, size_t lang,
			       const char *id, const struct ltext *name,
			       int kind, size_t index)
{
	struct value *v = value_map(a);
	value_map_set(a, v, "id", value_str(a, id));
	value_map_set(a, v, "name", text_value(r, a, name, lang));
	/* A district where only producers are has no listing page. */
	bool listed =
		kind != PAGE_DISTRICT || r->layout.district_count[index] > 0;
	value_map_set(a, v, "path",
		      listed ? value_path(a, page_path(r, a, kind, lang, index))
			     : &value_null);
	return v;
}

static const struct value *html_or_null(struct arena *a, char **html,
					size_t item, size_t nlangs, size_t lang,
					const char *def)
{
	const char *h = html[item * nlangs + lang];
	if (h)
		return value_html(a, h, NULL);
	h = html[item * nlangs];
	return h ? value_html(a, h, def) : &value_null;
}

static const struct value *list_of(struct arena *a, const struct value **items,
				   size_t n)
{
	struct value *l = value_list(a, n);
	for (size_t i = 0; i < n; i++)
		value_list_set(l, i, items[i]);
	return l;
}

static const char *digits_only(struct arena *a, const char *s, bool plus)
{
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	for (const char *p = s; *p; p++)
		if ((*p >= '0' && *p <= '9') || (plus && *p == '+' && o == out))
			*o++ = *p;
	*o = '\0';
	return out;
}

static const struct value *qr_value(struct arena *a, const char *text)
{
	const char *svg = text ? qr_svg(a, text) : NULL;
	return svg ? value_html(a, svg, NULL) : &value_null;
}

/* A link of a producer's contacts: the URL, or null in the kiosk, where no
 * link may leave the copy (the contact is shown as text or a QR code). */
static const struct value *contact_href(struct renderer *r, struct arena *a,
					const char *url)
{
	return url && !r->o->kiosk ? value_str(a, url) : &value_null;
}

/* A producer's contact as a file to save (vcard, a site path) and, in the
 * kiosk, as QR codes for a phone: the same vCard, the website, Zalo and the
 * map. */
static void contact_codes(struct renderer *r, struct value *v, size_t lang,
			  size_t index, const char *zalo_url,
			  const char *map_url)
{
	struct arena *a = &r->arena;
	const struct model *m = r->m;
	const char *dir = page_path(r, a, PAGE_PRODUCER, lang, index);
	value_map_set(a, v, "vcard",
		      value_path(a, arena_printf(a, "%s%s", dir, VCARD_FILE)));
	value_map_set(a, v, "vcard_name",
		      value_str(a, arena_printf(a, "%s.vcf",
						m->producers[index].id)));
	const struct value *vcard = &value_null, *web = &value_null,
			   *zalo = &value_null, *map = &value_null;
	if (r->o->kiosk) {
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

static const struct value *producer_value(struct renderer *r, size_t lang,
					  size_t index)
{
	struct arena *a = &r->arena;
	const struct model *m = r->m;
	const struct producer *p = &m->producers[index];
	static const char *const types[] = {"cooperative", "cooperative-group",
					    "enterprise", "household"};
	struct value *v = value_map(a);
	value_map_set(a, v, "id", value_str(a, p->id));
	value_map_set(
		a, v, "path",
		value_path(a, page_path(r, a, PAGE_PRODUCER, lang, index)));
	value_map_set(a, v, "name", text_value(r, a, &p->name, lang));
	value_map_set(a, v, "type", value_str(a, types[p->type]));
	value_map_set(
		a, v, "type_label",
		word(r, a, lang, arena_printf(a, "type_%s", types[p->type])));
	value_map_set(a, v, "address", text_value(r, a, &p->address, lang));
	value_map_set(a, v, "district",
		      p->district ? ref_value(r, a, lang, p->district->id,
					      &p->district->name, PAGE_DISTRICT,
					      (size_t)(p->district -
						       m->site.districts))
				  : &value_null);
	const char *zalo_url =
		p->zalo ? arena_printf(a, "https://zalo.me/%s",
				       digits_only(a, p->zalo, false))
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
		contact_href(
			r, a,
			p->phone ? arena_printf(a, "tel:%s",
						digits_only(a, p->phone, true))
				 : NULL));
	value_map_set(a, v, "zalo", value_str(a, p->zalo));
	value_map_set(a, v, "zalo_href", contact_href(r, a, zalo_url));
	value_map_set(a, v, "email", value_str(a, p->email));
	value_map_set(
		a, v, "email_href",
		contact_href(r, a,
			     p->email ? arena_printf(a, "mailto:%s", p->email)
				      : NULL));
	value_map_set(a, v, "website", value_str(a, p->website));
	value_map_set(a, v, "website_href", contact_href(r, a, p->website));
	value_map_set(a, v, "map_href", contact_href(r, a, map_url));
	contact_codes(r, v, lang, index, zalo_url, map_url);
	value_map_set(a, v, "about",
		      html_or_null(a, r->bodies.producer, index, m->site.nlangs,
				   lang, lang_code(r, 0)));
	value_map_set(a, v, "url",
		      value_str(a, layout_url(m, a,
					      page_path(r, a, PAGE_PRODUCER,
							lang, index))));
	char *ld = jsonld_producer(m, lang, index);
	value_map_set(a, v, "jsonld", value_html(a, arena_strdup(a, ld), NULL));
	free(ld);
	return v;
}

/* The variant an <img> names in src, for browsers without srcset: the
 * widest one up to 960 pixels. */
static const struct image_variant *
fallback_variant(const struct image_result *res)
{
	const struct image_variant *v = &res->variants[0];
	for (size_t i = 1; i < res->nvariants; i++)
		if (res->variants[i].width <= 960)
			v = &res->variants[i];
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

static const struct value *image_value(struct renderer *r, struct arena *a,
				       size_t lang, const char *slug,
				       const struct image *im, bool lazy)
{
	const struct image_result *res = images_find(
		r->images, layout_media_path(a, "products", slug, im->file));
	if (!res || !res->nvariants)
		return &value_null;
	const struct image_variant *fb = fallback_variant(res);
	struct value *v = value_map(a);
	value_map_set(a, v, "src", value_path(a, fb->site_path));
	value_map_set(a, v, "srcset", value_path(a, srcset_of(a, res)));
	value_map_set(a, v, "width", value_int(a, fb->width));
	value_map_set(a, v, "height", value_int(a, fb->height));
	value_map_set(a, v, "alt", text_value(r, a, &im->alt, lang));
	value_map_set(a, v, "loading", value_str(a, lazy ? "lazy" : "eager"));
	/* The widest published size, for a gallery's link; the kiosk copy
	 * keeps visitors on its pages. */
	value_map_set(a, v, "full",
		      r->o->kiosk
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

static const struct value *certificate_value(struct renderer *r,
					     struct arena *a, size_t lang,
					     const struct product *p)
{
	struct value *v = value_map(a);
	value_map_set(a, v, "decision", value_str(a, p->cert.decision));
	value_map_set(a, v, "issued", date_value(a, p->cert.issued));
	value_map_set(a, v, "issued_text",
		      date_text(r, a, lang, p->cert.issued));
	value_map_set(a, v, "expires_text",
		      date_text(r, a, lang, p->cert.expires));
	value_map_set(a, v, "issued_indicative",
		      value_bool(a, p->indicative & (1u << INDICATIVE_ISSUED)));
	value_map_set(a, v, "expires", date_value(a, p->cert.expires));
	value_map_set(a, v, "expired", value_bool(a, p->expired));
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
static struct value *card_value(struct renderer *r, struct arena *a,
				size_t lang, size_t index, bool lazy)
{
	const struct model *m = r->m;
	const struct product *p = &m->products[index];
	struct value *v = value_map(a);
	value_map_set(a, v, "slug", value_str(a, p->slug));
	value_map_set(
		a, v, "path",
		value_path(a, page_path(r, a, PAGE_PRODUCT, lang, index)));
	value_map_set(a, v, "url",
		      value_str(a, layout_url(m, a,
					      page_path(r, a, PAGE_PRODUCT,
							lang, index))));
	value_map_set(a, v, "name", text_value(r, a, &p->name, lang));
	value_map_set(a, v, "summary", text_value(r, a, &p->summary, lang));
	value_map_set(a, v, "stars", value_int(a, p->stars));
	value_map_set(a, v, "star_items", star_items(a, p->stars));
	value_map_set(a, v, "stars_label",
		      word(r, a, lang, arena_printf(a, "stars_%d", p->stars)));
	value_map_set(a, v, "national", value_bool(a, p->stars == 5));
	value_map_set(a, v, "image",
		      p->nimages ? image_value(r, a, lang, p->slug,
					       &p->images[0], lazy)
				 : &value_null);
	value_map_set(a, v, "group",
		      ref_value(r, a, lang, p->group->id, &p->group->name,
				PAGE_GROUP,
				(size_t)(p->group - m->site.groups)));
	value_map_set(a, v, "district",
		      p->district ? ref_value(r, a, lang, p->district->id,
					      &p->district->name, PAGE_DISTRICT,
					      (size_t)(p->district -
						       m->site.districts))
				  : &value_null);
	value_map_set(a, v, "producer",
		      r->lang[lang].producers[p->producer - m->producers]);
	value_map_set(a, v, "certificate", certificate_value(r, a, lang, p));
	value_map_set(a, v, "expired", value_bool(a, p->expired));
	return v;
}

static const struct value *story_item(struct renderer *r, size_t lang,
				      size_t index)
{
	struct arena *a = &r->arena;
	const struct story *s = &r->m->stories[index];
	struct value *v = value_map(a);
	value_map_set(a, v, "title", text_value(r, a, &s->title, lang));
	value_map_set(a, v, "summary", text_value(r, a, &s->summary, lang));
	value_map_set(a, v, "date", date_value(a, s->date));
	value_map_set(a, v, "date_text", date_text(r, a, lang, s->date));
	value_map_set(a, v, "path",
		      value_path(a, page_path(r, a, PAGE_STORY, lang, index)));
	return v;
}

static const struct value *words_value(struct renderer *r, size_t lang)
{
	struct arena *a = &r->arena;
	struct value *t = value_map(a);
	for (size_t k = 0; k < r->th->nkeys; k++) {
		const char *w = theme_word(r->th, lang, r->th->keys[k]);
		if (w)
			value_map_set(a, t, r->th->keys[k], value_str(a, w));
	}
	return t;
}

struct rank {
	int stars;
	size_t index;
};

static int rank_cmp(const void *x, const void *y)
{
	const struct rank *a = x, *b = y;
	if (a->stars != b->stars)
		return a->stars > b->stars ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* The order of listings, as product indexes; the caller frees it. A buyer
 * sees the highest stars first; pages can reorder by name or certificate
 * in the browser. */
static size_t *listing_order(const struct model *m)
{
	struct rank *ranks = calloc(m->nproducts + 1, sizeof(*ranks));
	size_t *order = calloc(m->nproducts + 1, sizeof(*order));
	if (!ranks || !order)
		abort();
	for (size_t i = 0; i < m->nproducts; i++)
		ranks[i] = (struct rank){m->products[i].stars, i};
	qsort(ranks, m->nproducts, sizeof(*ranks), rank_cmp);
	for (size_t i = 0; i < m->nproducts; i++)
		order[i] = ranks[i].index;
	free(ranks);
	return order;
}

static int menu_cmp(const void *x, const void *y)
{
	const struct page *a = *(const struct page *const *)x;
	const struct page *b = *(const struct page *const *)y;
	if (a->menu != b->menu)
		return a->menu < b->menu ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

/* A name in every language but lang, as a list of {lang, name}: from t, or
 * else the theme's word key. For the kiosk's start screen, whose tiles
 * speak every language. */
static const struct value *other_names(struct renderer *r, size_t lang,
				       const struct ltext *t, const char *key)
{
	struct arena *a = &r->arena;
	size_t nl = r->m->site.nlangs;
	struct value *list = value_list(a, nl - 1);
	for (size_t i = 0, n = 0; i < nl; i++) {
		if (i == lang)
			continue;
		struct value *v = value_map(a);
		value_map_set(a, v, "lang", value_str(a, lang_code(r, i)));
		value_map_set(a, v, "name",
			      t ? text_value(r, a, t, i) : word(r, a, i, key));
		value_list_set(list, n++, v);
	}
	return list;
}

/* The groups or districts that have products, with their counts: ids and
 * names are read with a stride, so that one loop serves both lists. */
static const struct value *listed_refs(struct renderer *r, size_t lang,
				       const char *const *ids,
				       const struct ltext *names, size_t stride,
				       size_t count, const size_t *products,
				       int kind)
{
	struct arena *a = &r->arena;
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		n += products[i] > 0;
	struct value *list = value_list(a, n);
	n = 0;
	for (size_t i = 0; i < count; i++) {
		if (!products[i])
			continue;
		const char *id =
			*(const char *const *)((const char *)ids + i * stride);
		const struct ltext *name =
			(const struct ltext *)((const char *)names +
					       i * stride);
		struct value *v = ref_value(r, a, lang, id, name, kind, i);
		value_map_set(a, v, "count",
			      value_int(a, (long long)products[i]));
		value_map_set(a, v, "other_names",
			      other_names(r, lang, name, NULL));
		value_list_set(list, n++, v);
	}
	return list;
}

static void build_lang(struct renderer *r, size_t lang)
{
	struct arena *a = &r->arena;
	const struct model *m = r->m;
	struct lang_data *ld = &r->lang[lang];
	ld->t = words_value(r, lang);

	struct value *site = value_map(a);
	value_map_set(a, site, "title", text_value(r, a, &m->site.title, lang));
	value_map_set(a, site, "description",
		      text_value(r, a, &m->site.description, lang));
	value_map_set(a, site, "province",
		      text_value(r, a, &m->site.province, lang));
	value_map_set(a, site, "notice",
		      text_value(r, a, &m->site.notice, lang));
	value_map_set(a, site, "placeholder_contacts",
		      text_value(r, a, &m->site.placeholder_contacts, lang));
	value_map_set(a, site, "base_url", value_str(a, m->site.base_url));
	value_map_set(a, site, "as_of", date_value(a, m->site.as_of));
	value_map_set(a, site, "as_of_text",
		      date_text(r, a, lang, m->site.as_of));
	value_map_set(a, site, "kiosk", value_bool(a, r->o->kiosk));
	value_map_set(a, site, "idle_seconds",
		      value_int(a, m->site.kiosk_idle_seconds));
	ld->site = site;

	struct value *nav = value_map(a);
	value_map_set(a, nav, "start", value_path(a, ""));
	value_map_set(a, nav, "home",
		      value_path(a, page_path(r, a, PAGE_HOME, lang, 0)));
	value_map_set(a, nav, "products",
		      value_path(a, page_path(r, a, PAGE_PRODUCTS, lang, 0)));
	value_map_set(a, nav, "producers",
		      value_path(a, page_path(r, a, PAGE_PRODUCERS, lang, 0)));
	value_map_set(a, nav, "stories",
		      m->nstories ? value_path(a, page_path(r, a, PAGE_STORIES,
							    lang, 0))
				  : &value_null);
	value_map_set(a, nav, "search",
		      value_path(a, page_path(r, a, PAGE_SEARCH, lang, 0)));
	value_map_set(a, nav, "catalogue",
		      value_path(a, page_path(r, a, PAGE_CATALOGUE, lang, 0)));
	ld->nav = nav;

	const struct page **menu = malloc((m->npages + 1) * sizeof(*menu));
	if (!menu)
		abort();
	size_t nmenu = 0;
	for (size_t i = 0; i < m->npages; i++)
		if (m->pages[i].menu)
			menu[nmenu++] = &m->pages[i];
	qsort(menu, nmenu, sizeof(*menu), menu_cmp);
	struct value *mv = value_list(a, nmenu);
	for (size_t i = 0; i < nmenu; i++) {
		struct value *e = value_map(a);
		value_map_set(a, e, "title",
			      text_value(r, a, &menu[i]->title, lang));
		value_map_set(
			a, e, "path",
			value_path(a, page_path(r, a, PAGE_PAGE, lang,
						(size_t)(menu[i] - m->pages))));
		value_list_set(mv, i, e);
	}
	free(menu);
	ld->menu = mv;

	/* Groups and districts share their shape: the id and name are the
	 * first members of both structs. */
	ld->groups =
		listed_refs(r, lang, &m->site.groups[0].id,
			    &m->site.groups[0].name, sizeof(*m->site.groups),
			    m->site.ngroups, r->layout.group_count, PAGE_GROUP);
	ld->districts = listed_refs(
		r, lang, &m->site.districts[0].id, &m->site.districts[0].name,
		sizeof(*m->site.districts), m->site.ndistricts,
		r->layout.district_count, PAGE_DISTRICT);

	size_t n = 0;
	for (int s = 5; s >= 3; s--)
		n += r->layout.star_count[s] > 0;
	struct value *stars = value_list(a, n);
	n = 0;
	for (int s = 5; s >= 3; s--) {
		if (!r->layout.star_count[s])
			continue;
		struct value *v = value_map(a);
		value_map_set(a, v, "stars", value_int(a, s));
		const char *key = arena_printf(a, "stars_%d", s);
		value_map_set(a, v, "label", word(r, a, lang, key));
		value_map_set(a, v, "other_names",
			      other_names(r, lang, NULL, key));
		value_map_set(a, v, "path",
			      value_path(a, page_path(r, a, PAGE_STARS, lang,
						      (size_t)s)));
		value_map_set(a, v, "count",
			      value_int(a, (long long)r->layout.star_count[s]));
		value_list_set(stars, n++, v);
	}
	ld->star_levels = stars;
	ld->assets = value_path(a, "assets/");

	ld->producers =
		arena_alloc(a, (m->nproducers + 1) * sizeof(*ld->producers));
	for (size_t i = 0; i < m->nproducers; i++)
		ld->producers[i] = producer_value(r, lang, i);
	ld->cards = arena_alloc(a, (m->nproducts + 1) * sizeof(*ld->cards));
	for (size_t i = 0; i < m->nproducts; i++)
		ld->cards[i] = card_value(r, &r->arena, lang, i, true);
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
		ld->stories[i] = story_item(r, lang, i);
	ld->all_cards = list_of(a, ld->cards, m->nproducts);
	ld->all_producers = list_of(a, ld->producers, m->nproducers);
	ld->all_stories = list_of(a, ld->stories, m->nstories);
}

/* ------------------------------------------------------------------ */
/* Pages */

static const struct value *languages_value(struct renderer *r, struct arena *a,
					   int kind, size_t lang, size_t index)
{
	const struct model *m = r->m;
	bool per_lang = kind != PAGE_ROOT && kind != PAGE_NOT_FOUND;
	struct value *l = value_list(a, m->site.nlangs);
	for (size_t i = 0; i < m->site.nlangs; i++) {
		struct value *v = value_map(a);
		value_map_set(a, v, "code", value_str(a, lang_code(r, i)));
		value_map_set(a, v, "lang", value_str(a, lang_code(r, i)));
		value_map_set(a, v, "name", word(r, a, i, "language_name"));
		/* The kiosk's start screen speaks every language at once. */
		value_map_set(a, v, "prompt", word(r, a, i, "kiosk_touch"));
		value_map_set(a, v, "search", word(r, a, i, "search"));
		value_map_set(
			a, v, "path",
			value_path(a,
				   page_path(r, a, per_lang ? kind : PAGE_HOME,
					     i, index)));
		value_map_set(a, v, "current",
			      value_bool(a, per_lang && i == lang));
		/* Search engines take hreflang alternates as absolute URLs
		 * only; the kiosk copy has no address, and links them
		 * relatively. */
		const char *path =
			page_path(r, a, per_lang ? kind : PAGE_HOME, i, index);
		value_map_set(a, v, "url",
			      r->o->kiosk
				      ? value_path(a, path)
				      : value_str(a, layout_url(m, a, path)));
		value_list_set(l, i, v);
	}
	return l;
}

/* The image that stands for a page when it is shared: a product's own, else
 * that of the first product of the producer or story that has one. */
static const char *share_image(struct renderer *r, struct arena *a,
			       const struct job *job)
{
	const struct model *m = r->m;
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

/* What a page needs to be shared, found and printed: its absolute address,
 * its share image, its feed, and a QR code of its address for print. The
 * 404 page has no address of its own. */
static const char *product_qr(const struct renderer *r, size_t product,
			      size_t lang)
{
	return r->product_qr[product * r->m->site.nlangs + lang];
}

static void make_product_qr(void *ctx, size_t job, int worker)
{
	struct renderer *r = ctx;
	const struct model *m = r->m;
	struct arena *a = &r->qr_arena[worker];
	size_t product = job / m->site.nlangs, lang = job % m->site.nlangs;
	r->product_qr[job] = qr_svg(
		a,
		layout_url(m, a, page_path(r, a, PAGE_PRODUCT, lang, product)));
}

static void share_values(struct renderer *r, struct arena *a,
			 const struct job *job, struct value *page)
{
	const struct model *m = r->m;
	if (job->kind == PAGE_NOT_FOUND) {
		value_map_set(a, page, "url", &value_null);
		value_map_set(a, page, "image", &value_null);
		value_map_set(a, page, "qr", &value_null);
		value_map_set(a, page, "feed", &value_null);
		return;
	}
	const char *url = layout_url(m, a, job->site_path);
	value_map_set(a, page, "url", value_str(a, url));
	const char *image = share_image(r, a, job);
	value_map_set(a, page, "image",
		      image ? value_str(a, layout_url(m, a, image))
			    : &value_null);
	const char *qr = job->kind == PAGE_PRODUCT
				 ? product_qr(r, job->index, job->lang)
				 : qr_svg(a, url);
	value_map_set(a, page, "qr",
		      qr ? value_html(a, qr, NULL) : &value_null);
	value_map_set(
		a, page, "feed",
		m->nstories && job->kind != PAGE_ROOT
			? value_path(a, arena_printf(a, "%s/%s",
						     lang_code(r, job->lang),
						     FEEDS_ATOM_NAME))
			: &value_null);
}

static struct value *page_ctx(struct renderer *r, struct arena *a,
			      const struct job *job, const struct value *title,
			      const struct value *description)
{
	const struct lang_data *ld = &r->lang[job->lang];
	struct value *ctx = value_map(a);
	value_map_set(a, ctx, "site", ld->site);
	value_map_set(a, ctx, "lang", value_str(a, lang_code(r, job->lang)));
	value_map_set(a, ctx, "t", ld->t);
	value_map_set(a, ctx, "nav", ld->nav);
	value_map_set(a, ctx, "menu", ld->menu);
	value_map_set(a, ctx, "groups", ld->groups);
	value_map_set(a, ctx, "districts", ld->districts);
	value_map_set(a, ctx, "star_levels", ld->star_levels);
	value_map_set(a, ctx, "assets", ld->assets);
	const struct value *langs =
		languages_value(r, a, job->kind, job->lang, job->index);
	value_map_set(a, ctx, "languages", langs);
	struct value *page = value_map(a);
	value_map_set(a, page, "kind", value_str(a, page_template[job->kind]));
	value_map_set(a, page, "title", title);
	value_map_set(a, page, "description", description);
	value_map_set(a, page, "path", value_path(a, job->site_path));
	value_map_set(a, page, "alternates",
		      job->kind == PAGE_NOT_FOUND ? value_list(a, 0) : langs);
	/* The address for a reader whose language has no version: the root,
	 * which lets them choose. */
	value_map_set(a, page, "x_default",
		      job->kind == PAGE_NOT_FOUND || r->o->kiosk
			      ? &value_null
			      : value_str(a, r->m->site.base_url));
	share_values(r, a, job, page);
	value_map_set(a, ctx, "page", page);
	return ctx;
}

/* A fact whose value is a list, written "a, b, c". */
static const struct value *joined_fact(struct renderer *r, struct arena *a,
				       size_t lang, const char *key,
				       const char *const *parts, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", parts[i]);
	struct value *f = value_map(a);
	value_map_set(a, f, "label", word(r, a, lang, key));
	value_map_set(a, f, "value", value_str(a, arena_strdup(a, b.data)));
	value_map_set(a, f, "indicative", value_bool(a, false));
	buf_release(&b);
	return f;
}

static const struct value *facts_value(struct renderer *r, struct arena *a,
				       size_t lang, const struct product *p)
{
	const struct {
		const char *key;
		const struct ltext *t;
		enum indicative_field flag;
	} fields[] = {
		{"packaging", &p->packaging, INDICATIVE_PACKAGING},
		{"net_weight", &p->net_weight, INDICATIVE_NET_WEIGHT},
		{"shelf_life", &p->shelf_life, INDICATIVE_SHELF_LIFE},
		{"price_range", &p->price_range, INDICATIVE_PRICE_RANGE},
		{"min_order", &p->min_order, INDICATIVE_MIN_ORDER},
	};
	const struct value *items[8];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!ltext_present(fields[i].t))
			continue;
		struct value *f = value_map(a);
		value_map_set(a, f, "label", word(r, a, lang, fields[i].key));
		value_map_set(a, f, "value",
			      text_value(r, a, fields[i].t, lang));
		value_map_set(
			a, f, "indicative",
			value_bool(a, p->indicative & (1u << fields[i].flag)));
		items[n++] = f;
	}
	if (p->ncertifications)
		items[n++] = joined_fact(r, a, lang, "certifications",
					 p->certifications, p->ncertifications);
	if (p->nexport_markets) {
		const char **markets =
			arena_alloc(a, p->nexport_markets * sizeof(*markets));
		for (size_t i = 0; i < p->nexport_markets; i++)
			markets[i] =
				ltext_get(&p->export_markets[i], lang, NULL);
		items[n++] = joined_fact(r, a, lang, "export_markets", markets,
					 p->nexport_markets);
	}
	return list_of(a, items, n);
}

static struct value *product_page(struct renderer *r, struct arena *a,
				  size_t lang, size_t index)
{
	const struct model *m = r->m;
	const struct product *p = &m->products[index];
	struct value *v = value_map(a);
	const struct value *card = r->lang[lang].cards[index];
	for (size_t i = 0; i < card->u.map.n; i++)
		value_map_set(a, v, card->u.map.pairs[i].key,
			      card->u.map.pairs[i].val);
	value_map_set(a, v, "body",
		      html_or_null(a, r->bodies.product, index, m->site.nlangs,
				   lang, lang_code(r, 0)));
	struct value *images = value_list(a, p->nimages);
	for (size_t i = 0; i < p->nimages; i++)
		value_list_set(
			images, i,
			image_value(r, a, lang, p->slug, &p->images[i], i > 0));
	value_map_set(a, v, "images", images);
	value_map_set(a, v, "facts", facts_value(r, a, lang, p));
	struct value *certs = value_list(a, p->ncertifications);
	for (size_t i = 0; i < p->ncertifications; i++)
		value_list_set(certs, i, value_str(a, p->certifications[i]));
	value_map_set(a, v, "certifications", certs);
	struct value *markets = value_list(a, p->nexport_markets);
	for (size_t i = 0; i < p->nexport_markets; i++)
		value_list_set(markets, i,
			       text_value(r, a, &p->export_markets[i], lang));
	value_map_set(a, v, "export_markets", markets);
	const char *award =
		theme_word(r->th, lang, arena_printf(a, "stars_%d", p->stars));
	char *ld = jsonld_product(m, lang, index,
				  award ? award
					: arena_printf(a, "OCOP %d", p->stars));
	value_map_set(a, v, "jsonld", value_html(a, arena_strdup(a, ld), NULL));
	free(ld);
	return v;
}

static const struct value *list_page(struct renderer *r, struct arena *a,
				     const struct job *job,
				     const struct value **title)
{
	const struct model *m = r->m;
	size_t lang = job->lang;
	const struct lang_data *ld = &r->lang[lang];
	const struct value **items =
		arena_alloc(a, (m->nproducts + 1) * sizeof(*items));
	size_t n = 0;
	for (size_t k = 0; k < m->nproducts; k++) {
		size_t i = r->by_stars[k];
		const struct product *p = &m->products[i];
		bool in = job->kind == PAGE_PRODUCTS ||
			  (job->kind == PAGE_GROUP &&
			   p->group == &m->site.groups[job->index]) ||
			  (job->kind == PAGE_DISTRICT &&
			   p->district == &m->site.districts[job->index]) ||
			  (job->kind == PAGE_STARS &&
			   (size_t)p->stars == job->index);
		if (in)
			items[n++] = ld->cards[i];
	}
	/* A group or a district introduces its own listing; the others need
	 * no more than their title. */
	const struct ltext *intro = NULL;
	switch (job->kind) {
	case PAGE_GROUP:
		*title = text_value(r, a, &m->site.groups[job->index].name,
				    lang);
		intro = &m->site.groups[job->index].description;
		break;
	case PAGE_DISTRICT:
		*title = text_value(r, a, &m->site.districts[job->index].name,
				    lang);
		intro = &m->site.districts[job->index].description;
		break;
	case PAGE_STARS:
		*title = word(r, a, lang,
			      arena_printf(a, "stars_%zu", job->index));
		break;
	default:
		*title = word(r, a, lang, "all_products");
	}
	struct value *list = value_map(a);
	value_map_set(a, list, "title", *title);
	value_map_set(a, list, "description",
		      intro ? text_value(r, a, intro, lang) : &value_null);
	value_map_set(a, list, "products", list_of(a, items, n));
	struct value *exports = NULL;
	if (job->kind == PAGE_PRODUCTS) {
		exports = value_map(a);
		value_map_set(a, exports, "csv",
			      value_path(a, arena_printf(a, "%s/%s",
							 lang_code(r, lang),
							 EXPORTS_CSV_NAME)));
		value_map_set(a, exports, "json",
			      value_path(a, arena_printf(a, "%s/%s",
							 lang_code(r, lang),
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
static const struct value *featured_cards(struct renderer *r, struct arena *a,
					  size_t lang)
{
	const struct model *m = r->m;
	const struct lang_data *ld = &r->lang[lang];
	size_t *order = arena_alloc(a, (m->nproducts + 1) * sizeof(*order));
	size_t n = 0;
	for (size_t k = 0; k < m->site.nfeatured; k++) {
		const struct product *p =
			model_find_product(m, m->site.featured[k]);
		if (p)
			order[n++] = (size_t)(p - m->products);
	}
	for (size_t k = 0; k < m->nproducts; k++) {
		bool listed = false;
		for (size_t j = 0; j < m->site.nfeatured; j++)
			listed |= !strcmp(m->site.featured[j],
					  m->products[k].slug);
		if (m->products[k].featured && !listed)
			order[n++] = k;
	}
	const struct value **featured =
		arena_alloc(a, (n + 1) * sizeof(*featured));
	for (size_t i = 0; i < n; i++)
		featured[i] = i < FEATURED_EAGER
				      ? card_value(r, a, lang, order[i], false)
				      : ld->cards[order[i]];
	return list_of(a, featured, n);
}

/* Builds the data of one page; sets which key of it is the page's own. */
static struct value *page_data(struct renderer *r, struct arena *a,
			       const struct job *job)
{
	const struct model *m = r->m;
	const struct lang_data *ld = &r->lang[job->lang];
	size_t lang = job->lang, i = job->index, nl = m->site.nlangs;
	const char *def = lang_code(r, 0);
	const struct value *title = text_value(r, a, &m->site.title, lang);
	const struct value *desc = text_value(r, a, &m->site.description, lang);
	const char *key = NULL;
	const struct value *own = NULL;
	switch (job->kind) {
	case PAGE_ROOT:
		/* The kiosk's start screen cycles through them. */
		key = "featured";
		own = featured_cards(r, a, lang);
		break;
	case PAGE_NOT_FOUND:
		title = word(r, a, lang, "not_found_title");
		break;
	case PAGE_HOME: {
		const struct value *featured = featured_cards(r, a, lang);
		struct value *home = value_map(a);
		value_map_set(a, home, "featured", featured);
		value_map_set(a, home, "stories",
			      list_of(a, ld->stories,
				      m->nstories < 3 ? m->nstories : 3));
		struct value *ctx = page_ctx(r, a, job, title, desc);
		value_map_set(a, ctx, "featured",
			      value_map_get(home, "featured"));
		value_map_set(a, ctx, "stories",
			      value_map_get(home, "stories"));
		return ctx;
	}
	case PAGE_PRODUCTS:
	case PAGE_GROUP:
	case PAGE_DISTRICT:
	case PAGE_STARS:
		key = "list";
		own = list_page(r, a, job, &title);
		break;
	case PAGE_PRODUCT:
		key = "product";
		own = product_page(r, a, lang, i);
		title = value_map_get(own, "name");
		desc = value_map_get(own, "summary");
		break;
	case PAGE_PRODUCERS:
		key = "producers";
		own = ld->all_producers;
		title = word(r, a, lang, "producers");
		break;
	case PAGE_PRODUCER:
		key = "producer";
		own = ld->producers[i];
		title = value_map_get(own, "name");
		break;
	case PAGE_STORIES:
		key = "stories";
		own = ld->all_stories;
		title = word(r, a, lang, "stories");
		break;
	case PAGE_STORY: {
		const struct story *s = &m->stories[i];
		struct value *v = value_map(a);
		const struct value *item = ld->stories[i];
		for (size_t k = 0; k < item->u.map.n; k++)
			value_map_set(a, v, item->u.map.pairs[k].key,
				      item->u.map.pairs[k].val);
		value_map_set(
			a, v, "body",
			html_or_null(a, r->bodies.story, i, nl, lang, def));
		struct value *prods = value_list(a, s->nproducts);
		for (size_t k = 0; k < s->nproducts; k++)
			value_list_set(prods, k,
				       ld->cards[s->products[k] - m->products]);
		value_map_set(a, v, "products", prods);
		key = "story";
		own = v;
		title = value_map_get(v, "title");
		desc = value_map_get(v, "summary");
		break;
	}
	case PAGE_CATALOGUE: {
		/* Every product with its facts and contacts, and a QR code of
		 * its page, for print. */
		struct value *prods = value_list(a, m->nproducts);
		for (size_t k = 0; k < m->nproducts; k++) {
			struct value *pv = product_page(r, a, lang, k);
			const char *qr = product_qr(r, k, lang);
			value_map_set(a, pv, "qr",
				      qr ? value_html(a, qr, NULL)
					 : &value_null);
			value_list_set(prods, k, pv);
		}
		struct value *v = value_map(a);
		title = word(r, a, lang, "catalogue");
		value_map_set(a, v, "title", title);
		value_map_set(a, v, "products", prods);
		key = "catalogue";
		own = v;
		break;
	}
	case PAGE_SEARCH: {
		struct value *v = value_map(a);
		value_map_set(a, v, "index",
			      value_path(a, arena_printf(a, "%s/%s",
							 lang_code(r, lang),
							 SEARCH_INDEX_FILE)));
		key = "search";
		own = v;
		title = word(r, a, lang, "search");
		break;
	}
	case PAGE_PAGE: {
		const struct page *p = &m->pages[i];
		struct value *v = value_map(a);
		value_map_set(a, v, "title", text_value(r, a, &p->title, lang));
		value_map_set(a, v, "summary",
			      text_value(r, a, &p->summary, lang));
		value_map_set(
			a, v, "body",
			html_or_null(a, r->bodies.page, i, nl, lang, def));
		value_map_set(a, v, "path", value_path(a, job->site_path));
		key = "content";
		own = v;
		title = value_map_get(v, "title");
		if (ltext_present(&p->summary))
			desc = value_map_get(v, "summary");
		break;
	}
	}
	struct value *ctx = page_ctx(r, a, job, title, desc);
	if (key)
		value_map_set(a, ctx, key, own);
	/* Partials take no arguments: the product page names its producer
	 * "producer", as the producer page does, so both share the contacts
	 * partial. */
	if (job->kind == PAGE_PRODUCT)
		value_map_set(a, ctx, "producer",
			      value_map_get(own, "producer"));
	return ctx;
}

/* ------------------------------------------------------------------ */
/* Files */

/* Creates the folders of a file path below out_dir. */
static int make_parents(struct renderer *r, struct buf *path)
{
	size_t base = strlen(r->out_dir) + 1;
	for (size_t i = base; i < path->len; i++) {
		if (path->data[i] != '/')
			continue;
		path->data[i] = '\0';
		int rc = mkdir(path->data, 0755);
		int e = errno;
		path->data[i] = '/';
		if (rc < 0 && e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	return 0;
}

static void write_out(struct renderer *r, struct worker_state *ws,
		      const char *file, const char *data, size_t len)
{
	buf_reset(&ws->path);
	buf_printf(&ws->path, "%s/%s", r->out_dir, file);
	int fd = -1;
	if (make_parents(r, &ws->path) == 0)
		fd = open(ws->path.data,
			  O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd >= 0 && write_all_close(fd, data, len) == 0)
		return;
	int e = errno;
	if (atomic_fetch_add(&r->write_failures, 1) == 0) {
		r->first_failure = strdup(ws->path.data);
		r->first_errno = e;
	}
}

static void run_job(void *ctx, size_t index, int worker)
{
	struct renderer *r = ctx;
	struct worker_state *ws = &r->ws[worker];
	const struct job *job = &r->jobs[index];
	arena_reset(&ws->arena);
	buf_reset(&ws->out);
	if (job->kind == JOB_COPY) {
		if (buf_read_file(&ws->out, job->src) < 0) {
			diag_error(r->d, pos_file(job->src), "cannot read: %s",
				   strerror(errno));
			return;
		}
		write_out(r, ws, job->site_path, ws->out.data, ws->out.len);
		return;
	}
	if (job->kind == JOB_VCARD) {
		vcard_write(r->m, job->index, job->lang, &ws->out);
		write_out(r, ws, job->site_path, ws->out.data, ws->out.len);
		return;
	}
	if (job->kind == JOB_FILE) {
		struct site_view view = {r->m, &r->layout, r->images};
		job->make(&view, job->lang, &ws->out);
		write_out(r, ws, job->site_path, ws->out.data, ws->out.len);
		return;
	}
	struct value *data = page_data(r, &ws->arena, job);
	struct template_env env = {
		.depth = link_depth(job->site_path),
		.kiosk = r->o->kiosk,
		.page_lang = lang_code(r, job->lang),
		/* A host serves 404.html for any missing address, at any
		 * depth: its links start from the root of the host, with the
		 * path of base_url (never its domain, which may not be where
		 * the site is served). The kiosk copy has no host, and keeps
		 * them relative. */
		.root_base = job->kind == PAGE_NOT_FOUND && !r->o->kiosk
				     ? layout_base_path(r->m, &ws->arena)
				     : NULL,
	};
	template_run(r->templates[job->kind], data, &env, &ws->out, r->d);
	write_out(r, ws, layout_file(&ws->arena, job->site_path), ws->out.data,
		  ws->out.len);
}

/* ------------------------------------------------------------------ */
/* Planning */

static void add_job(struct renderer *r, struct job job)
{
	if (r->njobs == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->jobs = realloc(r->jobs, r->cap * sizeof(*r->jobs));
		if (!r->jobs)
			abort();
	}
	r->jobs[r->njobs++] = job;
}

static void add_copy(struct renderer *r, const char *site_path, const char *src)
{
	add_job(r, (struct job){.kind = JOB_COPY,
				.site_path = site_path,
				.src = src});
}

/* Files made from the whole site rather than from a template: a name,
 * at the root or, per_lang, in each language's folder ("vi/<name>"), and
 * the function that writes it. The list ends with a NULL name. */
static const struct {
	const char *name;
	bool per_lang;
	render_file_fn *make;
} site_files[] = {
	{"sitemap.xml", false, feeds_sitemap},
	{"robots.txt", false, feeds_robots},
	{FEEDS_ATOM_NAME, true, feeds_atom},
	{EXPORTS_CSV_NAME, true, exports_csv},
	{EXPORTS_JSON_NAME, true, exports_json},
	{SEARCH_INDEX_FILE, true, search_write_index},
	{NULL, false, NULL},
};

static void plan(struct renderer *r)
{
	const struct model *m = r->m;
	for (size_t i = 0; i < r->layout.npages; i++) {
		const struct site_page *p = &r->layout.pages[i];
		add_job(r, (struct job){.kind = (int)p->kind,
					.lang = p->lang,
					.index = p->index,
					.site_path = p->path});
	}
	for (size_t i = 0; site_files[i].name; i++) {
		size_t n = site_files[i].per_lang ? m->site.nlangs : 1;
		for (size_t l = 0; l < n; l++) {
			const char *path =
				site_files[i].per_lang
					? arena_printf(&r->arena, "%s/%s",
						       m->site.langs[l],
						       site_files[i].name)
					: site_files[i].name;
			add_job(r, (struct job){.kind = JOB_FILE,
						.lang = l,
						.site_path = path,
						.make = site_files[i].make});
		}
	}
	for (size_t l = 0; l < m->site.nlangs; l++)
		for (size_t i = 0; i < m->nproducers; i++)
			add_job(r,
				(struct job){
					.kind = JOB_VCARD,
					.lang = l,
					.index = i,
					.site_path = arena_printf(
						&r->arena, "%s%s",
						page_path(r, &r->arena,
							  PAGE_PRODUCER, l, i),
						VCARD_FILE),
				});
	for (size_t i = 0; i < r->images->n; i++) {
		const struct image_result *res = &r->images->results[i];
		for (size_t v = 0; v < res->nvariants; v++)
			add_copy(r, res->variants[v].site_path,
				 res->variants[v].cache_path);
		if (res->share.site_path)
			add_copy(r, res->share.site_path,
				 res->share.cache_path);
	}
	for (size_t i = 0; i < r->th->nfiles; i++)
		add_copy(r,
			 arena_printf(&r->arena, "assets/%s", r->th->files[i]),
			 arena_printf(&r->arena, "%s/static/%s", r->th->dir,
				      r->th->files[i]));
}

/* Markdown to HTML, one item (all its languages) per job. */
struct body_job {
	const struct body *body;
	char **html;
};

struct body_plan {
	struct body_job *jobs;
	size_t n;
	size_t nlangs;
	const struct images *images;
	bool kiosk;
};

/* The text of a node's descendants, for an image's alt. */
static void plain_text(cmark_node *node, struct buf *out)
{
	for (cmark_node *c = cmark_node_first_child(node); c;
	     c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		if (lit)
			buf_adds(out, lit);
		plain_text(c, out);
	}
}

/* The nodes of a type in a tree, in document order, gathered before any
 * is changed (a tree must not change under its iterator). Free the array. */
static cmark_node **nodes_of_type(cmark_node *doc, cmark_node_type type,
				  size_t *n)
{
	cmark_iter *iter = cmark_iter_new(doc);
	cmark_node **found = NULL;
	size_t cap = 0;
	cmark_event_type ev;
	*n = 0;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(node) != type)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			found = realloc(found, cap * sizeof(*found));
			if (!found)
				abort();
		}
		found[(*n)++] = node;
	}
	cmark_iter_free(iter);
	return found;
}

/* Markdown images become the same responsive <img> as the gallery's. load
 * set their address to the source's site path; the page is an item page,
 * LINK_ITEM_DEPTH folders deep. */
static void replace_images(const struct images *im, cmark_node *doc)
{
	size_t n;
	cmark_node **found = nodes_of_type(doc, CMARK_NODE_IMAGE, &n);
	struct buf html = BUF_INIT, alt = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct image_result *res =
			images_find(im, cmark_node_get_url(found[i]));
		if (!res || !res->nvariants)
			continue;
		const struct image_variant *fb = fallback_variant(res);
		buf_reset(&html);
		buf_reset(&alt);
		plain_text(found[i], &alt);
		buf_adds(&html, "<img src=\"");
		link_relative(&html, LINK_ITEM_DEPTH, fb->site_path, false);
		buf_adds(&html, "\" srcset=\"");
		for (size_t v = 0; v < res->nvariants; v++) {
			if (v)
				buf_adds(&html, ", ");
			link_relative(&html, LINK_ITEM_DEPTH,
				      res->variants[v].site_path, false);
			buf_printf(&html, " %dw", res->variants[v].width);
		}
		buf_printf(&html,
			   "\" sizes=\"(min-width: 48rem) 46rem, 100vw\" "
			   "width=\"%d\" height=\"%d\" alt=\"",
			   fb->width, fb->height);
		buf_add_html(&html, alt.data, alt.len);
		buf_adds(&html, "\" loading=\"lazy\" decoding=\"async\">");
		cmark_node *repl = cmark_node_new(CMARK_NODE_HTML_INLINE);
		cmark_node_set_literal(repl, html.data);
		cmark_node_insert_before(found[i], repl);
		cmark_node_free(found[i]);
	}
	buf_release(&html);
	buf_release(&alt);
	free(found);
}

/* In the kiosk no link may leave the copy: a link to another site, a
 * mailto: or a tel: becomes its text, followed by the address in brackets
 * (for http: and https:), which a visitor can still read. */
static void unlink_external(cmark_node *doc)
{
	size_t n;
	cmark_node **found = nodes_of_type(doc, CMARK_NODE_LINK, &n);
	struct buf text = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		cmark_node *link = found[i], *child;
		const char *url = cmark_node_get_url(link);
		if (!url || !strchr(url, ':') ||
		    strcspn(url, ":") > strcspn(url, "/?#"))
			continue; /* relative: a page of the copy */
		while ((child = cmark_node_first_child(link)))
			cmark_node_insert_before(link, child);
		if (!strncmp(url, "http://", 7) ||
		    !strncmp(url, "https://", 8)) {
			buf_reset(&text);
			buf_printf(&text, " (%s)", url);
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(t, text.data);
			cmark_node_insert_before(link, t);
		}
		cmark_node_free(link);
	}
	buf_release(&text);
	free(found);
}

static void run_body(void *ctx, size_t index, int worker)
{
	(void)worker;
	struct body_plan *bp = ctx;
	struct body_job *j = &bp->jobs[index];
	for (size_t l = 0; l < bp->nlangs; l++) {
		if (!j->body->doc[l])
			continue;
		replace_images(bp->images, j->body->doc[l]);
		if (bp->kiosk)
			unlink_external(j->body->doc[l]);
		/* Raw HTML was removed from the trees when they were loaded,
		 * and every address checked, so what is left to pass through
		 * is the <img> markup made above. */
		j->html[l] =
			cmark_render_html(j->body->doc[l], CMARK_OPT_UNSAFE);
	}
}

static char **bodies_for(struct body_plan *bp, const struct body *first,
			 size_t stride, size_t n, size_t nlangs)
{
	char **html = calloc(n * nlangs + 1, sizeof(char *));
	if (!html)
		abort();
	for (size_t i = 0; i < n; i++) {
		bp->jobs[bp->n].body =
			(const struct body *)((const char *)first + i * stride);
		bp->jobs[bp->n].html = html + i * nlangs;
		bp->n++;
	}
	return html;
}

static void render_bodies(struct renderer *r)
{
	const struct model *m = r->m;
	size_t nl = m->site.nlangs;
	struct body_plan bp = {0};
	bp.nlangs = nl;
	bp.images = r->images;
	bp.kiosk = r->o->kiosk;
	bp.jobs = calloc(m->nproducts + m->nproducers + m->nstories +
				 m->npages + 1,
			 sizeof(*bp.jobs));
	if (!bp.jobs)
		abort();
	r->bodies.product = bodies_for(&bp, &m->products[0].body,
				       sizeof(*m->products), m->nproducts, nl);
	r->bodies.producer =
		bodies_for(&bp, &m->producers[0].about, sizeof(*m->producers),
			   m->nproducers, nl);
	r->bodies.story = bodies_for(&bp, &m->stories[0].body,
				     sizeof(*m->stories), m->nstories, nl);
	r->bodies.page = bodies_for(&bp, &m->pages[0].body, sizeof(*m->pages),
				    m->npages, nl);
	pool_run(bp.n, r->o->threads, run_body, &bp);
	free(bp.jobs);
}

static void free_bodies(char **html, size_t n)
{
	if (!html)
		return;
	for (size_t i = 0; i < n; i++)
		free(html[i]);
	free(html);
}

long render_site(const struct model *m, const struct theme *th,
		 const struct images *images, const struct render_opts *o,
		 const char *out_dir, struct diag *d)
{
	struct renderer r = {.m = m,
			     .th = th,
			     .o = o,
			     .out_dir = out_dir,
			     .d = d,
			     .images = images};
	int missing = 0;
	for (int k = 0; k < PAGE_KINDS; k++) {
		r.templates[k] = template_find(th->templates, page_template[k]);
		if (!r.templates[k]) {
			diag_error(
				d,
				(struct pos){
					arena_printf(&r.arena,
						     "%s/templates/%s.html",
						     th->dir, page_template[k]),
					0, 0},
				"missing: the theme needs this template");
			missing = 1;
		}
	}
	if (missing) {
		arena_release(&r.arena);
		return -1;
	}
	layout_build(&r.layout, m);
	r.by_stars = listing_order(m);
	render_bodies(&r);
	for (size_t l = 0; l < m->site.nlangs; l++)
		build_lang(&r, l);
	size_t nqr = m->nproducts * m->site.nlangs;
	r.product_qr = calloc(nqr + 1, sizeof(*r.product_qr));
	if (!r.product_qr)
		abort();
	pool_run(nqr, o->threads, make_product_qr, &r);
	plan(&r);
	pool_run(r.njobs, o->threads, run_job, &r);
	size_t failures = atomic_load(&r.write_failures);
	if (failures)
		diag_write_error(
			d,
			pos_folder(r.first_failure ? r.first_failure : out_dir),
			r.first_errno, "cannot write the new site (%zu file%s)",
			failures, failures == 1 ? "" : "s");
	free(r.first_failure);
	free(r.by_stars);
	long written = (long)r.njobs;
	free(r.product_qr);
	for (int i = 0; i < POOL_MAX_THREADS; i++) {
		arena_release(&r.qr_arena[i]);
		arena_release(&r.ws[i].arena);
		buf_release(&r.ws[i].out);
		buf_release(&r.ws[i].path);
	}
	size_t nl = m->site.nlangs;
	free_bodies(r.bodies.product, m->nproducts * nl);
	free_bodies(r.bodies.producer, m->nproducers * nl);
	free_bodies(r.bodies.story, m->nstories * nl);
	free_bodies(r.bodies.page, m->npages * nl);
	free(r.jobs);
	layout_free(&r.layout);
	arena_release(&r.arena);
	return diag_error_count(d) ? -1 : written;
}
