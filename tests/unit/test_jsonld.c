/* schema.org offers: made from a product's structured price alone, never
 * from free text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld.h"
#include "trade.h"

/* A catalogue of one producer and one product, in Vietnamese. */
struct one {
	struct model m;
	struct producer producer;
	struct product product;
};

static void one_init(struct one *o)
{
	memset(o, 0, sizeof(*o));
	o->m.site.langs[0] = "vi";
	o->m.site.nlangs = 1;
	o->m.site.base_url = "https://example.org/";
	o->producer.id = "htx-a";
	o->producer.name.s[0] = "HTX A";
	o->product.slug = "mien-dong";
	o->product.name.s[0] = "Miến dong";
	o->product.stars = 4;
	o->product.cert.issued = (struct date){2023, 6, 30};
	o->product.cert.expires = (struct date){2026, 6, 30};
	o->product.producer = &o->producer;
	o->m.producers = &o->producer;
	o->m.nproducers = 1;
	o->m.products = &o->product;
	o->m.nproducts = 1;
}

static void set_price(struct one *o, double min, double max,
		      const char *currency, const char *unit)
{
	o->product.price.currency = currency;
	o->product.price.min = min;
	o->product.price.max = max;
	o->product.price.unit = trade_unit_find(unit);
}

/* The product's JSON-LD, parsed; the caller deletes it. */
static cJSON *product_ld(const struct one *o)
{
	char *text = jsonld_product(&o->m, 0, 0, "OCOP 4 sao");
	cJSON *ld = cJSON_Parse(text);
	free(text);
	assert_non_null(ld);
	return ld;
}

static double number_of(const cJSON *o, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
	assert_true(cJSON_IsNumber(n));
	return n->valuedouble;
}

static const char *string_of(const cJSON *o, const char *key)
{
	const char *s =
		cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
	assert_non_null(s);
	return s;
}

static void test_no_price_no_offer(void **state)
{
	(void)state;
	struct one o;
	one_init(&o);
	cJSON *ld = product_ld(&o);
	assert_false(cJSON_HasObjectItem(ld, "offers"));
	cJSON_Delete(ld);
}

static void test_free_text_gives_no_offer(void **state)
{
	(void)state;
	/* Texts an earlier version read wrongly: amounts of the package
	 * taken for prices, 万 dropped, ¥ taken for yuan. */
	static const char *const texts[] = {
		"250,000 VND per 500 ml bottle",
		"18万～22万 VND/kg",
		"¥ 2,000 per box",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct one o;
		one_init(&o);
		o.product.price_range.s[0] = texts[i];
		cJSON *ld = product_ld(&o);
		assert_false(cJSON_HasObjectItem(ld, "offers"));
		cJSON_Delete(ld);
	}
}

static void test_one_price_is_an_offer_per_unit(void **state)
{
	(void)state;
	struct one o;
	one_init(&o);
	set_price(&o, 250000, 250000, "VND", "bottle");
	o.product.price.note.s[0] = "Chai 500 ml, giá tại xưởng";
	cJSON *ld = product_ld(&o);
	const cJSON *offer = cJSON_GetObjectItemCaseSensitive(ld, "offers");
	assert_string_equal(string_of(offer, "@type"), "Offer");
	assert_true(number_of(offer, "price") == 250000);
	assert_string_equal(string_of(offer, "priceCurrency"), "VND");
	assert_string_equal(string_of(offer, "description"),
			    "Chai 500 ml, giá tại xưởng");
	assert_string_equal(string_of(offer, "url"),
			    "https://example.org/vi/products/mien-dong/");
	const cJSON *spec =
		cJSON_GetObjectItemCaseSensitive(offer, "priceSpecification");
	assert_string_equal(string_of(spec, "@type"), "UnitPriceSpecification");
	assert_true(number_of(spec, "price") == 250000);
	assert_string_equal(string_of(spec, "priceCurrency"), "VND");
	assert_string_equal(string_of(spec, "unitCode"), "XBO");
	assert_false(cJSON_HasObjectItem(offer, "lowPrice"));
	cJSON_Delete(ld);
}

static void test_a_range_is_an_aggregate_offer(void **state)
{
	(void)state;
	struct one o;
	one_init(&o);
	set_price(&o, 180000, 220000, "VND", "kg");
	o.product.min_order = (struct quantity){50, trade_unit_find("kg"), {0}};
	cJSON *ld = product_ld(&o);
	const cJSON *offer = cJSON_GetObjectItemCaseSensitive(ld, "offers");
	assert_string_equal(string_of(offer, "@type"), "AggregateOffer");
	assert_true(number_of(offer, "lowPrice") == 180000);
	assert_true(number_of(offer, "highPrice") == 220000);
	assert_false(cJSON_HasObjectItem(offer, "price"));
	const cJSON *spec =
		cJSON_GetObjectItemCaseSensitive(offer, "priceSpecification");
	assert_true(number_of(spec, "minPrice") == 180000);
	assert_true(number_of(spec, "maxPrice") == 220000);
	assert_string_equal(string_of(spec, "unitCode"), "KGM");
	const cJSON *least =
		cJSON_GetObjectItemCaseSensitive(offer, "eligibleQuantity");
	assert_true(number_of(least, "minValue") == 50);
	assert_string_equal(string_of(least, "unitCode"), "KGM");
	cJSON_Delete(ld);
}

static void test_a_unit_without_code_is_named(void **state)
{
	(void)state;
	struct one o;
	one_init(&o);
	set_price(&o, 450000, 450000, "VND", "night");
	cJSON *ld = product_ld(&o);
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(ld, "offers"),
		"priceSpecification");
	assert_false(cJSON_HasObjectItem(spec, "unitCode"));
	assert_string_equal(string_of(spec, "unitText"), "night");
	cJSON_Delete(ld);
}

static void test_certifications_beside_ocop(void **state)
{
	(void)state;
	struct one o;
	one_init(&o);
	struct certification c = {
		.name = "vietgap",
		.scheme = trade_scheme_find("vietgap"),
		.number = "VG-01-23",
		.expires = {2024, 1, 31},
		.expired = true,
	};
	o.product.certifications = &c;
	o.product.ncertifications = 1;
	cJSON *ld = product_ld(&o);
	const cJSON *all =
		cJSON_GetObjectItemCaseSensitive(ld, "hasCertification");
	assert_int_equal(cJSON_GetArraySize(all), 2);
	const cJSON *v = cJSON_GetArrayItem(all, 1);
	assert_string_equal(string_of(v, "name"), "VietGAP");
	assert_string_equal(string_of(v, "certificationIdentification"),
			    "VG-01-23");
	assert_string_equal(string_of(v, "expires"), "2024-01-31");
	assert_string_equal(string_of(v, "certificationStatus"),
			    "https://schema.org/CertificationInactive");
	cJSON_Delete(ld);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_price_no_offer),
		cmocka_unit_test(test_free_text_gives_no_offer),
		cmocka_unit_test(test_one_price_is_an_offer_per_unit),
		cmocka_unit_test(test_a_range_is_an_aggregate_offer),
		cmocka_unit_test(test_a_unit_without_code_is_named),
		cmocka_unit_test(test_certifications_beside_ocop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
