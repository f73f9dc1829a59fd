/* The sources a record cites, and the facts it states that they support. */
#include "sources.h"

#include <string.h>

#include "util.h"

const char *const sources_product_paths[] = {"name",
					     "producer",
					     "stars",
					     "certificate.decision",
					     "certificate.year",
					     "certificate.points",
					     "certificate.issued",
					     "price",
					     "min_order",
					     "lead_time",
					     "capacity",
					     "packaging",
					     "net_weight",
					     "volume",
					     "shelf_life",
					     "certifications",
					     "hs_code",
					     "export_markets",
					     NULL};

const char *const sources_producer_paths[] = {
	"name", "type",	 "address", "area", "phone",
	"zalo", "email", "website", "geo",  NULL};

bool sources_path_known(const char *const *paths, const char *path)
{
	for (size_t i = 0; paths[i]; i++)
		if (!strcmp(paths[i], path))
			return true;
	return false;
}

bool sources_support(const struct source *list, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < list[i].nsupports; k++)
			if (!strcmp(list[i].supports[k], path))
				return true;
	return false;
}

/* A fact a record states, at pos; an estimate marked indicative states
 * none, and a fact that need not cite a source (a name) is not listed. */
struct stated {
	const char *path;
	struct pos pos;
};

/* The facts product p states that a source should support. Fills out
 * (room for every path); returns how many. */
static size_t product_facts(const struct product *p, struct stated *out)
{
	size_t n = 0;
	out[n++] = (struct stated){"producer", p->producer_pos};
	out[n++] = (struct stated){"stars", p->stars_pos};
	const struct certificate *c = &p->cert;
	if (c->decision)
		out[n++] = (struct stated){"certificate.decision",
					   c->decision_pos};
	if (c->year)
		out[n++] = (struct stated){"certificate.year", c->year_pos};
	if (c->points > 0)
		out[n++] = (struct stated){"certificate.points", c->points_pos};
	if (c->issued.year && !product_indicative(p, INDICATIVE_ISSUED))
		out[n++] = (struct stated){"certificate.issued", c->issued_pos};
	/* "price_range" is the price of records written before "price". */
	if (!product_indicative(p, INDICATIVE_PRICE)) {
		if (p->price.currency)
			out[n++] = (struct stated){"price", p->price.pos};
		else if (ltext_present(&p->price_range))
			out[n++] = (struct stated){"price", p->price_range.pos};
	}
	for (size_t i = 0; i < PRODUCT_TRADE_FIELDS; i++) {
		const struct product_trade_field *t = &product_trade_fields[i];
		const struct quantity *q = product_trade_quantity(p, t);
		if (product_indicative(p, t->flag))
			continue;
		if (q && q->value > 0)
			out[n++] = (struct stated){t->name, q->pos};
		else if (!q && ltext_present(&p->packaging))
			out[n++] = (struct stated){t->name, p->packaging.pos};
	}
	if (p->ncertifications)
		out[n++] = (struct stated){"certifications",
					   p->certifications[0].pos};
	if (p->hs_code)
		out[n++] = (struct stated){"hs_code", p->hs_code_pos};
	if (p->nexport_markets)
		out[n++] = (struct stated){"export_markets",
					   p->export_markets[0].pos};
	return n;
}

/* The facts producer p states that a source should support: its address,
 * and its contacts unless the site says they are placeholders. */
static size_t producer_facts(const struct model *m, const struct producer *p,
			     struct stated *out)
{
	size_t n = 0;
	out[n++] = (struct stated){"address", p->address.pos};
	if (ltext_present(&m->site.placeholder_contacts))
		return n;
	const struct {
		const char *path, *value;
		struct pos pos;
	} contacts[] = {
		{"phone", p->phone, p->phone_pos},
		{"zalo", p->zalo, p->zalo_pos},
		{"email", p->email, p->email_pos},
		{"website", p->website, p->website_pos},
	};
	for (size_t i = 0; i < ARRAY_SIZE(contacts); i++)
		if (contacts[i].value)
			out[n++] = (struct stated){contacts[i].path,
						   contacts[i].pos};
	return n;
}

/* Whether path is among the n facts stated, or is one that is always
 * stated without a place to point at (a name, a type, an area). */
static bool is_stated(const struct stated *facts, size_t n, const char *path,
		      const char *const *always)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(facts[i].path, path))
			return true;
	for (size_t i = 0; always[i]; i++)
		if (!strcmp(always[i], path))
			return true;
	return false;
}

/* Checks the sources of a product's record, or with producer a
 * producer's. */
static void check_record(const struct model *m, struct diag *d, bool producer,
			 const struct source *list, size_t n,
			 const struct stated *facts, size_t nfacts,
			 const char *const *always)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < list[i].nsupports; k++) {
			const char *fact = list[i].supports[k];
			if (is_stated(facts, nfacts, fact, always))
				continue;
			if (producer)
				diag_warning(d, list[i].supports_pos[k],
					     "this source supports \"%s\", "
					     "which the producer does not "
					     "state: write the fact, or take "
					     "\"%s\" out of \"supports\"",
					     fact, fact);
			else
				diag_warning(d, list[i].supports_pos[k],
					     "this source supports \"%s\", "
					     "which the product does not "
					     "state: write the fact, or take "
					     "\"%s\" out of \"supports\"",
					     fact, fact);
		}
	if (!m->site.require_sources)
		return;
	for (size_t i = 0; i < nfacts; i++)
		if (!sources_support(list, n, facts[i].path))
			diag_warning(d, facts[i].pos,
				     "no source supports \"%s\": add the "
				     "public source that states it to "
				     "\"sources\", with \"%s\" in its "
				     "\"supports\", or leave the fact out",
				     facts[i].path, facts[i].path);
}

void sources_check(const struct model *m, struct diag *d)
{
	static const char *const product_always[] = {"name", NULL};
	static const char *const producer_always[] = {"name", "type", "area",
						      "geo", NULL};
	struct stated facts[ARRAY_SIZE(sources_product_paths) +
			    ARRAY_SIZE(sources_producer_paths)];
	for (size_t i = 0; i < m->nproducts; i++) {
		const struct product *p = &m->products[i];
		size_t n = product_facts(p, facts);
		check_record(m, d, false, p->sources, p->nsources, facts, n,
			     product_always);
	}
	for (size_t i = 0; i < m->nproducers; i++) {
		const struct producer *p = &m->producers[i];
		size_t n = producer_facts(m, p, facts);
		check_record(m, d, true, p->sources, p->nsources, facts, n,
			     producer_always);
	}
}
