/* Each page's key from the inputs its data is built from. */
#include "page_key.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "page_data.h"
#include "pool.h"
#include "util.h"

/* The keys that many pages share, made once. */
struct shared_keys {
	const struct page_key_inputs *in;
	/* Whatever every page shows: site.json (with the areas: their label
	 * and places, what each was before, its note), the day, the words of
	 * every language (the old "districts" are labelled with them), the
	 * layout's counts and parts, the menu. */
	XXH128_hash_t world;
	XXH128_hash_t stories;	 /* the stories' list: their records */
	XXH128_hash_t *product;	 /* [nproducts]: record and images */
	XXH128_hash_t *producer; /* [nproducers]: record, images, and the
				    products it lists */
	XXH128_hash_t *card;	 /* [nproducts]: a product as cards show it,
				    with its producer */
	XXH128_hash_t *out;	 /* [npages] */
};

static void add_hash(XXH3_state_t *st, XXH128_hash_t h)
{
	XXH3_128bits_update(st, &h, sizeof(h));
}

static void add_str(XXH3_state_t *st, const char *s)
{
	if (s)
		XXH3_128bits_update(st, s, strlen(s) + 1);
	else
		XXH3_128bits_update(st, "\xff", 1);
}

static void add_size(XXH3_state_t *st, size_t n)
{
	XXH3_128bits_update(st, &n, sizeof(n));
}

static XXH3_state_t *state_new(void)
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		die_oom();
	XXH3_128bits_reset(st);
	return st;
}

/* The published images of an item's folder: its gallery and the images of
 * its bodies. */
static void add_media(XXH3_state_t *st, const struct images *im,
		      const char *section, const char *slug)
{
	struct arena a = ARENA_INIT;
	const struct image_result *first;
	size_t n = images_under(im, layout_media_path(&a, section, slug, ""),
				&first);
	add_size(st, n);
	for (size_t i = 0; i < n; i++)
		images_key(st, im, &first[i]);
	arena_release(&a);
}

/* An item's record and images. */
static XXH128_hash_t item_key(const struct images *im, const char *section,
			      const char *slug, XXH128_hash_t record)
{
	XXH3_state_t *st = state_new();
	add_str(st, section);
	add_str(st, slug);
	add_hash(st, record);
	add_media(st, im, section, slug);
	XXH128_hash_t k = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return k;
}

/* The body a page in language lang shows: its own, or the default
 * language's, marked as such. */
static void add_body(XXH3_state_t *st, const struct body *b, size_t lang)
{
	bool fallback = !b->src[lang];
	XXH3_128bits_update(st, &fallback, sizeof(fallback));
	add_str(st, fallback ? b->src[0] : b->src[lang]);
}

static void make_world(struct shared_keys *k)
{
	const struct model *m = k->in->m;
	const struct layout *l = k->in->layout;
	const struct theme *th = k->in->th;
	XXH3_state_t *st = state_new();
	add_hash(st, m->site_key);
	int day[3] = {m->today.year, m->today.month, m->today.day};
	XXH3_128bits_update(st, day, sizeof(day));
	for (size_t lang = 0; lang < m->site.nlangs; lang++)
		for (size_t i = 0; i < th->nkeys; i++) {
			const char *from;
			add_str(st, th->keys[i]);
			add_str(st,
				theme_word_from(th, lang, th->keys[i], &from));
			add_str(st, from);
		}
	XXH3_128bits_update(st, l->group_count,
			    m->site.ngroups * sizeof(*l->group_count));
	XXH3_128bits_update(st, l->area_count,
			    m->site.areas.nplaces * sizeof(*l->area_count));
	XXH3_128bits_update(st, l->star_count, sizeof(l->star_count));
	for (size_t i = 0; i < l->nparts; i++) {
		const struct catalogue_part *p = &l->parts[i];
		size_t part[5] = {p->group, p->first, p->n, p->number, p->of};
		XXH3_128bits_update(st, part, sizeof(part));
	}
	add_size(st, l->nparts);
	add_size(st, m->nstories);
	for (size_t i = 0; i < m->npages; i++)
		if (m->pages[i].menu) {
			add_str(st, m->pages[i].slug);
			add_hash(st, m->pages[i].key);
		}
	k->world = XXH3_128bits_digest(st);

	XXH3_128bits_reset(st);
	for (size_t i = 0; i < m->nstories; i++) {
		add_str(st, m->stories[i].slug);
		add_hash(st, m->stories[i].key);
	}
	k->stories = XXH3_128bits_digest(st);
	XXH3_freeState(st);
}

static void make_items(struct shared_keys *k)
{
	const struct model *m = k->in->m;
	const struct images *im = k->in->images;
	size_t np = m->nproducts, nq = m->nproducers;
	k->product = xcalloc(np + 1, sizeof(*k->product));
	k->producer = xcalloc(nq + 1, sizeof(*k->producer));
	k->card = xcalloc(np + 1, sizeof(*k->card));
	for (size_t i = 0; i < np; i++)
		k->product[i] = item_key(im, "products", m->products[i].slug,
					 m->products[i].key);
	XXH3_state_t *st = state_new();
	for (size_t i = 0; i < nq; i++) {
		const struct producer *q = &m->producers[i];
		XXH3_128bits_reset(st);
		add_hash(st, item_key(im, "producers", q->id, q->key));
		add_size(st, q->nproducts);
		for (size_t j = 0; j < q->nproducts; j++)
			add_hash(st, k->product[q->products[j] - m->products]);
		k->producer[i] = XXH3_128bits_digest(st);
	}
	for (size_t i = 0; i < np; i++) {
		XXH3_128bits_reset(st);
		add_hash(st, k->product[i]);
		add_hash(st,
			 k->producer[m->products[i].producer - m->producers]);
		k->card[i] = XXH3_128bits_digest(st);
	}
	XXH3_freeState(st);
}

static void add_cards(XXH3_state_t *st, const struct shared_keys *k,
		      const size_t *products, size_t n)
{
	add_size(st, n);
	for (size_t i = 0; i < n; i++)
		add_hash(st, k->card[products[i]]);
}

static void add_all_cards(XXH3_state_t *st, const struct shared_keys *k)
{
	const struct model *m = k->in->m;
	add_size(st, m->nproducts);
	for (size_t i = 0; i < m->nproducts; i++)
		add_hash(st, k->card[i]);
}

static void add_featured(XXH3_state_t *st, const struct shared_keys *k)
{
	const struct model *m = k->in->m;
	size_t *order = xcalloc(m->nproducts + 1, sizeof(*order));
	add_cards(st, k, order, model_featured(m, order));
	free(order);
}

/* What a page of its kind shows beside what every page does. */
static void add_own(XXH3_state_t *st, const struct shared_keys *k,
		    const struct site_page *page)
{
	const struct model *m = k->in->m;
	const struct layout *l = k->in->layout;
	const size_t *members;
	size_t n;
	switch (page->kind) {
	case PAGE_ROOT:
		add_featured(st, k);
		break;
	case PAGE_HOME:
		add_featured(st, k);
		add_hash(st, k->stories);
		break;
	case PAGE_PRODUCTS:
	case PAGE_GROUP:
	case PAGE_AREA:
	case PAGE_STARS:
		n = layout_listing(l, page, &members);
		add_cards(st, k, members, n);
		break;
	case PAGE_PRODUCT:
		add_hash(st, k->card[page->index]);
		add_body(st, &m->products[page->index].body, page->lang);
		break;
	case PAGE_PRODUCERS:
		add_size(st, m->nproducers);
		for (size_t i = 0; i < m->nproducers; i++)
			add_hash(st, k->producer[i]);
		break;
	case PAGE_PRODUCER:
		add_hash(st, k->producer[page->index]);
		add_body(st, &m->producers[page->index].about, page->lang);
		break;
	case PAGE_STORIES:
		add_hash(st, k->stories);
		break;
	case PAGE_STORY: {
		const struct story *s = &m->stories[page->index];
		add_hash(st, k->stories);
		add_hash(st,
			 item_key(k->in->images, "stories", s->slug, s->key));
		add_body(st, &s->body, page->lang);
		add_size(st, s->nproducts);
		for (size_t i = 0; i < s->nproducts; i++)
			add_hash(st, k->card[s->products[i] - m->products]);
		break;
	}
	case PAGE_PAGE: {
		const struct page *p = &m->pages[page->index];
		add_hash(st, item_key(k->in->images, "pages", p->slug, p->key));
		add_body(st, &p->body, page->lang);
		break;
	}
	case PAGE_CATALOGUE:
		if (page->index)
			add_cards(st, k,
				  layout_part_members(l, page->index - 1),
				  l->parts[page->index - 1].n);
		else
			add_all_cards(st, k);
		break;
	case PAGE_NOT_FOUND:
	case PAGE_SEARCH:
	case PAGE_KINDS:
		break;
	}
}

static void page_key_job(void *ctx, size_t index, int worker)
{
	(void)worker;
	struct shared_keys *k = ctx;
	const struct site_page *page = &k->in->layout->pages[index];
	XXH3_state_t *st = state_new();
	add_hash(st, k->in->base);
	add_str(st, page_template_names[page->kind]);
	int kind = page->kind;
	XXH3_128bits_update(st, &kind, sizeof(kind));
	add_size(st, page->index);
	add_str(st, k->in->m->site.langs[page->lang]);
	add_str(st, page->path);
	add_str(st, page->kind == PAGE_NOT_FOUND ? k->in->root_base : NULL);
	add_hash(st, k->world);
	add_own(st, k, page);
	k->out[index] = XXH3_128bits_digest(st);
	XXH3_freeState(st);
}

XXH128_hash_t *page_keys_make(const struct page_key_inputs *in)
{
	size_t n = in->layout->npages;
	struct shared_keys k = {.in = in};
	k.out = xcalloc(n + 1, sizeof(*k.out));
	make_world(&k);
	make_items(&k);
	pool_run(n, in->threads, page_key_job, &k);
	free(k.product);
	free(k.producer);
	free(k.card);
	return k.out;
}
