/* schema.org JSON-LD for product and producer pages. */
#include "jsonld.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "layout.h"
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

/* An amount as written in a price: "80.000" and "80,000" are eighty
 * thousand (groups of three digits), "12.50" is twelve and a half. */
static const char *read_amount(const char *s, double *out)
{
	double v = 0;
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	for (;;) {
		if ((*p == '.' || *p == ',' || *p == ' ') && p[1] >= '0' &&
		    p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
		    p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9')) {
			v = v * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
			    (p[3] - '0');
			p += 4;
			continue;
		}
		break;
	}
	if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		double scale = 0.1;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			v += (*p - '0') * scale;
	}
	*out = v;
	return p;
}

static bool is_word_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

/* Whether sign stands in t. A sign written in letters ("VND", "đ") must
 * be a word of its own, so that the "đ" of "đóng gói" is no currency. */
static bool has_sign(const char *t, const char *sign)
{
	size_t len = strlen(sign);
	bool letters = is_word_byte((unsigned char)sign[0]) &&
		       strcmp(sign, "₫") && strcmp(sign, "元") &&
		       strcmp(sign, "€") && strcmp(sign, "¥");
	for (const char *p = t; (p = strstr(p, sign)); p++) {
		if (!letters)
			return true;
		bool before = p > t && is_word_byte((unsigned char)p[-1]);
		bool after = is_word_byte((unsigned char)p[len]);
		if (!before && !after)
			return true;
	}
	return false;
}

int jsonld_price(const char *t, double *low, double *high,
		 const char **currency)
{
	static const struct {
		const char *sign, *code;
	} signs[] = {
		{"VND", "VND"}, {"vnd", "VND"}, {"VNĐ", "VND"},	 {"vnđ", "VND"},
		{"đ", "VND"},	{"₫", "VND"},	{"đồng", "VND"}, {"USD", "USD"},
		{"$", "USD"},	{"CNY", "CNY"}, {"元", "CNY"},	 {"¥", "CNY"},
		{"EUR", "EUR"}, {"€", "EUR"},
	};
	*currency = NULL;
	for (size_t i = 0; !*currency && i < sizeof(signs) / sizeof(signs[0]);
	     i++)
		if (has_sign(t, signs[i].sign))
			*currency = signs[i].code;
	if (!*currency)
		return 0;
	int n = 0;
	for (const char *p = t; *p && n < 2;) {
		if (*p < '0' || *p > '9') {
			p++;
			continue;
		}
		double v;
		p = read_amount(p, &v);
		if (n == 0) {
			*low = *high = v;
		} else {
			if (v < *low)
				*low = v;
			if (v > *high)
				*high = v;
		}
		n++;
	}
	return n;
}

static cJSON *offer(const struct product *p, size_t lang, const char *url)
{
	const char *price = text(&p->price_range, lang);
	double low = 0, high = 0;
	const char *currency;
	int n = jsonld_price(price, &low, &high, &currency);
	cJSON *o;
	if (n == 2 && low != high) {
		o = typed("AggregateOffer");
		cJSON_AddNumberToObject(o, "lowPrice", low);
		cJSON_AddNumberToObject(o, "highPrice", high);
	} else {
		o = typed("Offer");
		if (n)
			cJSON_AddNumberToObject(o, "price", low);
	}
	if (n)
		cJSON_AddStringToObject(o, "priceCurrency", currency);
	add_str(o, "description", price);
	add_str(o, "url", url);
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
	add_str(cert, "validFrom", date_iso(&a, p->cert.issued));
	add_str(cert, "expires", date_iso(&a, p->cert.expires));
	cJSON_AddItemToObject(root, "hasCertification", cert);

	if (ltext_present(&p->price_range))
		cJSON_AddItemToObject(root, "offers", offer(p, lang, url));
	arena_release(&a);
	return print_safe(root);
}
