/* schema.org JSON-LD for product and producer pages. */
#include "jsonld.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "layout.h"
#include "trade.h"
#include "util.h"

static const char *text(const struct ltext *t, size_t lang)
{
	return ltext_get(t, lang, NULL);
}

static void add_str(cJSON *o, const char *key, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, key, s);
}

static cJSON *typed(const char *type)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "@type", type);
	return o;
}

/* Prints the JSON with '<', '>' and '&' as \uXXXX escapes; they occur only
 * inside strings, where the escape means the same character. */
static char *print_safe(cJSON *root)
{
	char *json = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!json)
		die_oom();
	struct buf b = BUF_INIT;
	for (const char *p = json;;) {
		size_t run = strcspn(p, "<>&");
		buf_add(&b, p, run);
		p += run;
		if (!*p)
			break;
		buf_adds(&b, *p == '<'	 ? "\\u003c"
			     : *p == '>' ? "\\u003e"
					 : "\\u0026");
		p++;
	}
	free(json);
	return buf_detach(&b, NULL);
}

static cJSON *address(const struct model *m, const struct producer *p,
		      size_t lang)
{
	cJSON *a = typed("PostalAddress");
	add_str(a, "streetAddress", text(&p->address, lang));
	if (p->area)
		add_str(a, "addressLocality", text(&p->area->name, lang));
	add_str(a, "addressRegion", text(&m->site.province, lang));
	cJSON_AddStringToObject(a, "addressCountry", "VN");
	return a;
}

static cJSON *organization(const struct model *m, struct arena *a, size_t lang,
			   size_t index, bool full)
{
	const struct producer *p = &m->producers[index];
	cJSON *o = typed("Organization");
	add_str(o, "name", text(&p->name, lang));
	add_str(o, "url",
		layout_url(m, a,
			   layout_path(m, a, PAGE_PRODUCER, lang, index)));
	if (!full)
		return o;
	cJSON_AddItemToObject(o, "address", address(m, p, lang));
	cJSON *points = cJSON_AddArrayToObject(o, "contactPoint");
	cJSON *cp = typed("ContactPoint");
	cJSON_AddStringToObject(cp, "contactType", "sales");
	add_str(cp, "telephone", p->phone);
	add_str(cp, "email", p->email);
	add_str(cp, "url", p->website);
	cJSON_AddItemToArray(points, cp);
	if (p->zalo) {
		cJSON *z = typed("ContactPoint");
		cJSON_AddStringToObject(z, "contactType", "Zalo");
		add_str(z, "telephone", p->zalo);
		struct buf digits = BUF_INIT;
		for (const char *c = p->zalo; *c; c++)
			if (*c >= '0' && *c <= '9')
				buf_addc(&digits, *c);
		add_str(z, "url",
			arena_printf(a, "https://zalo.me/%s", digits.data));
		buf_release(&digits);
		cJSON_AddItemToArray(points, z);
	}
	if (p->website)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "sameAs"),
				     cJSON_CreateString(p->website));
	if (p->has_geo) {
		cJSON *place = typed("Place");
		cJSON *geo = typed("GeoCoordinates");
		cJSON_AddNumberToObject(geo, "latitude", p->lat);
		cJSON_AddNumberToObject(geo, "longitude", p->lon);
		cJSON_AddItemToObject(place, "geo", geo);
		cJSON_AddItemToObject(o, "location", place);
	}
	return o;
}

char *jsonld_producer(const struct model *m, size_t lang, size_t index)
{
	struct arena a = ARENA_INIT;
	cJSON *o = organization(m, &a, lang, index, true);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "@context", "https://schema.org");
	/* "@context" first, as readers expect. */
	for (cJSON *c = o->child; c;) {
		cJSON *next = c->next;
		cJSON_AddItemToObject(root, c->string,
				      cJSON_DetachItemViaPointer(o, c));
		c = next;
	}
	cJSON_Delete(o);
	arena_release(&a);
	return print_safe(root);
}

/* A quantity as schema.org's QuantitativeValue: its value and its unit's
 * UN/CEFACT code, or the unit's id in words when it has none. */
static cJSON *quantitative(const struct quantity *q, const char *value_key)
{
	cJSON *o = typed("QuantitativeValue");
	cJSON_AddNumberToObject(o, value_key, q->value);
	const struct trade_unit *u = &trade_units[q->unit];
	if (u->code)
		cJSON_AddStringToObject(o, "unitCode", u->code);
	else
		cJSON_AddStringToObject(o, "unitText", u->id);
	return o;
}

/* The Offer of a structured price, an AggregateOffer for a range; its
 * UnitPriceSpecification says what the price is for. */
static cJSON *offer(const struct product *p, size_t lang, const char *url)
{
	const struct price *pr = &p->price;
	bool range = pr->max > pr->min;
	cJSON *o = typed(range ? "AggregateOffer" : "Offer");
	cJSON *spec = typed("UnitPriceSpecification");
	if (range) {
		cJSON_AddNumberToObject(o, "lowPrice", pr->min);
		cJSON_AddNumberToObject(o, "highPrice", pr->max);
		cJSON_AddNumberToObject(spec, "minPrice", pr->min);
		cJSON_AddNumberToObject(spec, "maxPrice", pr->max);
	} else {
		cJSON_AddNumberToObject(o, "price", pr->min);
		cJSON_AddNumberToObject(spec, "price", pr->min);
	}
	cJSON_AddStringToObject(o, "priceCurrency", pr->currency);
	cJSON_AddStringToObject(spec, "priceCurrency", pr->currency);
	const struct trade_unit *u = &trade_units[pr->unit];
	if (u->code)
		cJSON_AddStringToObject(spec, "unitCode", u->code);
	else
		cJSON_AddStringToObject(spec, "unitText", u->id);
	cJSON_AddItemToObject(o, "priceSpecification", spec);
	if (p->min_order.value > 0)
		cJSON_AddItemToObject(o, "eligibleQuantity",
				      quantitative(&p->min_order, "minValue"));
	add_str(o, "description", text(&pr->note, lang));
	add_str(o, "url", url);
	return o;
}

/* A certification other than OCOP's, as a schema.org Certification. */
static cJSON *certification(struct arena *a, const struct certification *c)
{
	cJSON *o = typed("Certification");
	add_str(o, "name",
		c->scheme >= 0 ? trade_schemes[c->scheme].name : c->name);
	add_str(o, "certificationIdentification", c->number);
	if (c->issuer) {
		cJSON *by = typed("Organization");
		add_str(by, "name", c->issuer);
		cJSON_AddItemToObject(o, "issuedBy", by);
	}
	add_str(o, "validFrom", date_iso(a, c->issued));
	add_str(o, "expires", date_iso(a, c->expires));
	if (c->expired)
		cJSON_AddStringToObject(
			o, "certificationStatus",
			"https://schema.org/CertificationInactive");
	return o;
}

char *jsonld_product(const struct model *m, size_t lang, size_t index,
		     const char *award)
{
	struct arena a = ARENA_INIT;
	const struct product *p = &m->products[index];
	const char *url = layout_url(
		m, &a, layout_path(m, &a, PAGE_PRODUCT, lang, index));
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "@context", "https://schema.org");
	cJSON_AddStringToObject(root, "@type", "Product");
	add_str(root, "name", text(&p->name, lang));
	add_str(root, "description", text(&p->summary, lang));
	add_str(root, "url", url);
	add_str(root, "sku", p->slug);
	if (p->group)
		add_str(root, "category", text(&p->group->name, lang));
	const char *share = layout_share_image(&a, p);
	if (share)
		add_str(root, "image", layout_url(m, &a, share));
	size_t producer = (size_t)(p->producer - m->producers);
	cJSON_AddItemToObject(root, "manufacturer",
			      organization(m, &a, lang, producer, false));
	cJSON *brand = typed("Brand");
	add_str(brand, "name", text(&p->producer->name, lang));
	cJSON_AddItemToObject(root, "brand", brand);
	cJSON_AddStringToObject(root, "countryOfOrigin", "VN");

	int year = p->cert.year ? p->cert.year : p->cert.issued.year;
	const char *named =
		year ? arena_printf(&a, "%s (%d)", award, year) : award;
	add_str(root, "award", named);
	cJSON *cert = typed("Certification");
	add_str(cert, "name", named);
	add_str(cert, "certificationIdentification", p->cert.decision);
	cJSON *rating = typed("Rating");
	cJSON_AddNumberToObject(rating, "ratingValue", p->stars);
	cJSON_AddNumberToObject(rating, "bestRating", 5);
	cJSON_AddNumberToObject(rating, "worstRating", 1);
	cJSON_AddItemToObject(cert, "certificationRating", rating);
	/* An estimated day of issue is no fact to state. */
	if (p->cert_status == CERT_CONFIRMED || p->cert_status == CERT_EXPIRED)
		add_str(cert, "validFrom", date_iso(&a, p->cert.issued));
	add_str(cert, "expires", date_iso(&a, p->cert.expires));
	/* One certification is an object, several a list: the same to a
	 * reader of JSON-LD. */
	if (p->ncertifications) {
		cJSON *all = cJSON_AddArrayToObject(root, "hasCertification");
		cJSON_AddItemToArray(all, cert);
		for (size_t k = 0; k < p->ncertifications; k++)
			cJSON_AddItemToArray(
				all, certification(&a, &p->certifications[k]));
	} else {
		cJSON_AddItemToObject(root, "hasCertification", cert);
	}
	if (p->net_weight.value > 0)
		cJSON_AddItemToObject(root, "weight",
				      quantitative(&p->net_weight, "value"));
	/* A price only from the record's structured price: free text is
	 * never read for one. */
	if (p->price.currency)
		cJSON_AddItemToObject(root, "offers", offer(p, lang, url));
	arena_release(&a);
	return print_safe(root);
}
