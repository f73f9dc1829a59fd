/* The in-memory catalogue: finders and the small helpers on its values. */
#include "model.h"

#include "text.h"

#include <stdlib.h>
#include <string.h>

static void body_free(struct body *b)
{
	for (size_t i = 0; i < MODEL_MAX_LANGS; i++)
		if (b->doc[i])
			cmark_node_free(b->doc[i]);
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->nproducers; i++)
		body_free(&m->producers[i].about);
	for (size_t i = 0; i < m->nproducts; i++)
		body_free(&m->products[i].body);
	for (size_t i = 0; i < m->nstories; i++)
		body_free(&m->stories[i].body);
	for (size_t i = 0; i < m->npages; i++)
		body_free(&m->pages[i].body);
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

/* The id or slug is the first member of each of these structs. */
const char *const indicative_names[INDICATIVE_FIELDS] = {
	[INDICATIVE_ISSUED] = "certificate.issued",
	[INDICATIVE_PACKAGING] = "packaging",
	[INDICATIVE_NET_WEIGHT] = "net_weight",
	[INDICATIVE_SHELF_LIFE] = "shelf_life",
	[INDICATIVE_PRICE_RANGE] = "price_range",
	[INDICATIVE_MIN_ORDER] = "min_order",
};

static int key_cmp(const void *key, const void *item)
{
	return strcmp(key, *(const char *const *)item);
}

const struct producer *model_find_producer(const struct model *m,
					   const char *id)
{
	/* bsearch may not be given a NULL array, even an empty one. */
	if (!m->nproducers)
		return NULL;
	return bsearch(id, m->producers, m->nproducers, sizeof(*m->producers),
		       key_cmp);
}

const struct product *model_find_product(const struct model *m,
					 const char *slug)
{
	if (!m->nproducts)
		return NULL;
	return bsearch(slug, m->products, m->nproducts, sizeof(*m->products),
		       key_cmp);
}

const struct group *model_find_group(const struct model *m, const char *id)
{
	for (size_t i = 0; i < m->site.ngroups; i++)
		if (!strcmp(m->site.groups[i].id, id))
			return &m->site.groups[i];
	return NULL;
}

const struct district *model_find_district(const struct model *m,
					   const char *id)
{
	for (size_t i = 0; i < m->site.ndistricts; i++)
		if (!strcmp(m->site.districts[i].id, id))
			return &m->site.districts[i];
	return NULL;
}

const char *ltext_get(const struct ltext *t, size_t lang, bool *fallback)
{
	if (fallback)
		*fallback = false;
	if (lang < MODEL_MAX_LANGS && t->s[lang])
		return t->s[lang];
	if (fallback && t->s[0])
		*fallback = true;
	return t->s[0];
}

bool ltext_present(const struct ltext *t)
{
	return t->s[0] != NULL;
}

struct date date_add_months(struct date d, int months)
{
	int total = d.year * 12 + (d.month - 1) + months;
	struct date r = {total / 12, total % 12 + 1, d.day};
	if (r.day > text_days_in_month(r.year, r.month))
		r.day = text_days_in_month(r.year, r.month);
	return r;
}

int date_cmp(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}
