/* The in-memory catalogue: finders and the small helpers on its values. */
#include "model.h"

#include "text.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_release(struct model *m)
{
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

const char *const producer_type_names[PRODUCER_TYPES] = {
	[PRODUCER_COOPERATIVE] = "cooperative",
	[PRODUCER_COOPERATIVE_GROUP] = "cooperative-group",
	[PRODUCER_ENTERPRISE] = "enterprise",
	[PRODUCER_HOUSEHOLD] = "household",
};

const char *const cert_status_names[CERT_STATUSES] = {
	[CERT_CONFIRMED] = "confirmed",
	[CERT_ESTIMATED] = "estimated",
	[CERT_EXPIRED] = "expired",
	[CERT_LAPSED] = "lapsed",
};

const struct product_trade_field product_trade_fields[PRODUCT_TRADE_FIELDS] = {
	{"min_order", offsetof(struct product, min_order),
	 INDICATIVE_MIN_ORDER},
	{"lead_time", offsetof(struct product, lead_time),
	 INDICATIVE_LEAD_TIME},
	{"capacity", offsetof(struct product, capacity), INDICATIVE_CAPACITY},
	{"packaging", 0, INDICATIVE_PACKAGING},
	{"net_weight", offsetof(struct product, net_weight),
	 INDICATIVE_NET_WEIGHT},
	{"volume", offsetof(struct product, volume), INDICATIVE_VOLUME},
	{"shelf_life", offsetof(struct product, shelf_life),
	 INDICATIVE_SHELF_LIFE},
};

bool product_indicative(const struct product *p, enum indicative_field f)
{
	return (p->indicative & (1u << f)) != 0;
}

const struct quantity *
product_trade_quantity(const struct product *p,
		       const struct product_trade_field *f)
{
	return f->quantity ? (const struct quantity *)((const char *)p +
						       f->quantity)
			   : NULL;
}

const char *const indicative_names[INDICATIVE_FIELDS] = {
	[INDICATIVE_ISSUED] = "certificate.issued",
	[INDICATIVE_PACKAGING] = "packaging",
	[INDICATIVE_NET_WEIGHT] = "net_weight",
	[INDICATIVE_VOLUME] = "volume",
	[INDICATIVE_SHELF_LIFE] = "shelf_life",
	[INDICATIVE_PRICE] = "price",
	[INDICATIVE_MIN_ORDER] = "min_order",
	[INDICATIVE_LEAD_TIME] = "lead_time",
	[INDICATIVE_CAPACITY] = "capacity",
};

enum indicative_field model_indicative_field(const char *name)
{
	if (!strcmp(name, "price_range"))
		return INDICATIVE_PRICE;
	int f = 0;
	while (f < INDICATIVE_FIELDS && strcmp(name, indicative_names[f]))
		f++;
	return (enum indicative_field)f;
}

/* The id or slug is the first member of the structs searched. */
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

static const struct place *find_place(const struct place *places, size_t n,
				      const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(places[i].id, id))
			return &places[i];
	return NULL;
}

const struct place *model_find_group(const struct model *m, const char *id)
{
	return find_place(m->site.groups, m->site.ngroups, id);
}

const struct place *model_find_area(const struct model *m, const char *id)
{
	return find_place(m->site.areas.places, m->site.areas.nplaces, id);
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

size_t *model_by_stars(const struct model *m)
{
	struct rank *ranks = xcalloc(m->nproducts + 1, sizeof(*ranks));
	size_t *order = xcalloc(m->nproducts + 1, sizeof(*order));
	for (size_t i = 0; i < m->nproducts; i++)
		ranks[i] = (struct rank){m->products[i].stars, i};
	qsort(ranks, m->nproducts, sizeof(*ranks), rank_cmp);
	for (size_t i = 0; i < m->nproducts; i++)
		order[i] = ranks[i].index;
	free(ranks);
	return order;
}

const char *model_group_id(const void *model, size_t i)
{
	const struct model *m = model;
	return m->site.groups[i].id;
}

const char *model_area_id(const void *model, size_t i)
{
	const struct model *m = model;
	return m->site.areas.places[i].id;
}

const char *model_producer_id(const void *model, size_t i)
{
	const struct model *m = model;
	return m->producers[i].id;
}

const char *model_product_slug(const void *model, size_t i)
{
	const struct model *m = model;
	return m->products[i].slug;
}

size_t model_featured(const struct model *m, size_t *order)
{
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
	return n;
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

char *date_format_iso(struct date d, char out[DATE_ISO_SIZE])
{
	out[0] = '\0';
	if (d.year)
		snprintf(out, DATE_ISO_SIZE, "%04u-%02u-%02u",
			 (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
			 (unsigned)d.day % 100u);
	return out;
}

const char *date_iso(struct arena *a, struct date d)
{
	char s[DATE_ISO_SIZE];
	return d.year ? arena_strdup(a, date_format_iso(d, s)) : NULL;
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
