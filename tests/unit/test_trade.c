/* Quantities and prices as each language writes them, with the theme's
 * words; the units' UN/CEFACT codes; currencies and certification schemes
 * as records name them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "trade.h"
#include "util.h"

/* The words of the default theme that trade.h reads, for three
 * languages. */
static const char *const vi_words[][2] = {
	{"number_group", "."},
	{"number_decimal", ","},
	{"price_format", "{amount} {currency}/{unit}"},
	{"currency_VND", "₫"},
	{"unit_kg", "kg"},
	{"unit_bottle", "chai"},
	{"unit_month", "tháng"},
	{NULL, NULL},
};
static const char *const en_words[][2] = {
	{"number_group", ","},
	{"number_decimal", "."},
	{"price_format", "{currency} {amount} per {unit}"},
	{"currency_VND", "VND"},
	{"unit_kg", "kg"},
	{"unit_bottle", "bottle"},
	{"units_bottle", "bottles"},
	{"unit_month", "month"},
	{"units_month", "months"},
	{NULL, NULL},
};
static const char *const zh_words[][2] = {
	{"number_group", ","},
	{"number_decimal", "."},
	{"price_format", "{amount} {currency}/{unit}"},
	{"currency_VND", "越南盾"},
	{"unit_kg", "公斤"},
	{"unit_bottle", "瓶"},
	{"unit_month", "个月"},
	{NULL, NULL},
};

static const char *word(const void *ctx, const char *key)
{
	const char *const(*words)[2] = ctx;
	for (size_t i = 0; words[i][0]; i++)
		if (!strcmp(words[i][0], key))
			return words[i][1];
	return NULL;
}

static struct price price(double min, double max, const char *currency,
			  const char *unit)
{
	struct price p = {0};
	p.currency = currency;
	p.min = min;
	p.max = max;
	p.unit = trade_unit_find(unit);
	assert_true(p.unit >= 0);
	return p;
}

static void expect_price(const struct price *p, const void *words,
			 const char *want)
{
	struct buf b = BUF_INIT;
	trade_price(&b, p, words ? word : NULL, words);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void expect_quantity(double value, const char *unit, const void *words,
			    const char *want)
{
	struct quantity q = {value, trade_unit_find(unit), {0}};
	struct buf b = BUF_INIT;
	trade_quantity(&b, &q, word, words);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void test_a_range_in_each_language(void **state)
{
	(void)state;
	struct price p = price(80000, 120000, "VND", "kg");
	expect_price(&p, vi_words, "80.000–120.000 ₫/kg");
	expect_price(&p, en_words, "VND 80,000–120,000 per kg");
	expect_price(&p, zh_words, "80,000–120,000 越南盾/公斤");
}

static void test_one_price_and_decimals(void **state)
{
	(void)state;
	struct price p = price(250000, 250000, "VND", "bottle");
	expect_price(&p, vi_words, "250.000 ₫/chai");
	expect_price(&p, en_words, "VND 250,000 per bottle");
	/* Cents are written both, or not at all. */
	p = price(12.5, 12.5, "USD", "kg");
	expect_price(&p, vi_words, "12,50 USD/kg");
	expect_price(&p, en_words, "USD 12.50 per kg");
	p = price(3, 4.25, "EUR", "kg");
	expect_price(&p, en_words, "EUR 3–4.25 per kg");
}

static void test_without_words_codes_and_ids(void **state)
{
	(void)state;
	struct price p = price(1200000, 1200000, "CNY", "night");
	expect_price(&p, NULL, "1,200,000 CNY/night");
}

static void test_quantities_and_plurals(void **state)
{
	(void)state;
	expect_quantity(12, "month", en_words, "12 months");
	expect_quantity(1, "month", en_words, "1 month");
	expect_quantity(12, "month", vi_words, "12 tháng");
	expect_quantity(1.5, "kg", vi_words, "1,5 kg");
	expect_quantity(1.5, "kg", en_words, "1.5 kg");
	expect_quantity(5000, "bottle", en_words, "5,000 bottles");
	expect_quantity(5000, "bottle", zh_words, "5,000 瓶");
	/* A unit without a word is written as its id. */
	expect_quantity(0.25, "l", en_words, "0.25 l");
}

static void test_plain_numbers_read_back(void **state)
{
	(void)state;
	const double values[] = {80000, 0.5, 12.25, 1e9, 0.1};
	const char *const want[] = {"80000", "0.5", "12.25", "1000000000",
				    "0.1"};
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		struct buf b = BUF_INIT;
		trade_plain_number(&b, values[i]);
		assert_string_equal(b.data, want[i]);
		buf_release(&b);
	}
}

static void expect_code(const char *unit, const char *code)
{
	int u = trade_unit_find(unit);
	assert_true(u >= 0);
	if (code)
		assert_string_equal(trade_units[u].code, code);
	else
		assert_null(trade_units[u].code);
}

static void test_un_cefact_codes(void **state)
{
	(void)state;
	expect_code("kg", "KGM");
	expect_code("g", "GRM");
	expect_code("l", "LTR");
	expect_code("ml", "MLT");
	expect_code("piece", "H87");
	expect_code("bottle", "XBO");
	expect_code("box", "XBX");
	expect_code("person", "IE");
	expect_code("month", "MON");
	expect_code("night", NULL);
	assert_int_equal(trade_unit_find("kgs"), -1);
}

static void test_units_a_field_allows(void **state)
{
	(void)state;
	static const char *const weight[] = {"g", "kg", NULL};
	assert_true(trade_unit_allowed(trade_unit_find("kg"), weight));
	assert_false(trade_unit_allowed(trade_unit_find("ml"), weight));
	/* Without a list, any unit but those of time. */
	assert_true(trade_unit_allowed(trade_unit_find("night"), NULL));
	assert_false(trade_unit_allowed(trade_unit_find("month"), NULL));
	assert_string_equal(trade_unit_hint("kgs", weight), "kg");
	assert_string_equal(trade_unit_hint("kilo", weight), "kg");
	assert_string_equal(trade_unit_hint("bottles", NULL), "bottle");
	/* Every other spelling a record may use, whole. */
	static const char *const spelt[][2] = {
		{"gram", "g"},	   {"grams", "g"},    {"gr", "g"},
		{"ton", "tonne"},  {"tons", "tonne"}, {"t", "tonne"},
		{"L", "l"},	   {"litre", "l"},    {"liter", "l"},
		{"mL", "ml"},	   {"pcs", "piece"},  {"pc", "piece"},
		{"days", "day"},   {"weeks", "week"}, {"months", "month"},
		{"years", "year"}, {"ngày", "day"},
	};
	for (size_t i = 0; i < sizeof(spelt) / sizeof(spelt[0]); i++) {
		const char *const any[] = {spelt[i][1], NULL};
		assert_string_equal(trade_unit_hint(spelt[i][0], any),
				    spelt[i][1]);
	}
	assert_null(trade_unit_hint("ml", weight));
	struct buf b = BUF_INIT;
	trade_units_list(&b, weight);
	assert_string_equal(b.data, "\"g\" or \"kg\"");
	buf_release(&b);
}

static void test_currencies(void **state)
{
	(void)state;
	assert_true(trade_currency_known("VND"));
	assert_true(trade_currency_known("CNY"));
	assert_false(trade_currency_known("VDN"));
	assert_false(trade_currency_known("vnd"));
	assert_false(trade_currency_known("RMB"));
	assert_string_equal(trade_currency_hint("VDN"), "VND");
	assert_string_equal(trade_currency_hint("vnd"), "VND");
	assert_string_equal(trade_currency_hint("VNĐ"), "VND");
	assert_string_equal(trade_currency_hint("₫"), "VND");
	assert_string_equal(trade_currency_hint("RMB"), "CNY");
	assert_string_equal(trade_currency_hint("USDD"), "USD");
	/* "¥" is the yuan and the yen: no guess. */
	assert_null(trade_currency_hint("¥"));
	assert_null(trade_currency_hint("QQQQQ"));
}

static void test_schemes_by_any_writing(void **state)
{
	(void)state;
	int vietgap = trade_scheme_find("vietgap");
	assert_true(vietgap >= 0);
	assert_int_equal(trade_scheme_find("VietGAP"), vietgap);
	assert_int_equal(trade_scheme_find("Viet GAP"), vietgap);
	int iso = trade_scheme_find("ISO 22000");
	assert_true(iso >= 0);
	assert_string_equal(trade_schemes[iso].id, "iso-22000");
	assert_int_equal(trade_scheme_find("ISO22000:2018"), iso);
	assert_int_equal(trade_scheme_find("iso-22000"), iso);
	int organic = trade_scheme_find("TCVN 11041");
	assert_true(organic >= 0);
	assert_string_equal(trade_schemes[organic].id, "organic-vn");
	assert_int_equal(trade_scheme_find("Chứng nhận của tỉnh"), -1);
	assert_string_equal(trade_scheme_hint("VietGab"), "VietGAP");
}

static void test_grouped_numbers(void **state)
{
	(void)state;
	assert_true(trade_grouped_number("120.000") == 120000);
	assert_true(trade_grouped_number("1,200,000") == 1200000);
	assert_true(trade_grouped_number("45 000") == 45000);
	assert_true(trade_grouped_number("1.500") == 1500);
	/* One separator throughout, groups of exactly three. */
	assert_true(trade_grouped_number("1.200,000") == 0);
	assert_true(trade_grouped_number("12.50") == 0);
	assert_true(trade_grouped_number("1234.000") == 0);
	assert_true(trade_grouped_number("120000") == 0);
	assert_true(trade_grouped_number("120.") == 0);
	assert_true(trade_grouped_number("") == 0);
}

/* Whether text, read as amount, passes in currency; the reason in why. */
static bool amount_ok(const char *text, double amount, const char *currency,
		      char *why, size_t size)
{
	struct buf b = BUF_INIT;
	bool ok = trade_check_amount(&b, text, amount, currency);
	snprintf(why, size, "%s", b.data ? b.data : "");
	buf_release(&b);
	return ok;
}

static void test_amounts_as_meant(void **state)
{
	(void)state;
	char why[400];
	assert_false(amount_ok("120.000", 120, "VND", why, sizeof(why)));
	assert_non_null(strstr(why, "did you mean 120000?"));
	assert_false(amount_ok("1.500", 1.5, "VND", why, sizeof(why)));
	assert_non_null(strstr(why, "did you mean 1500?"));
	/* Yen and won have no minor unit either. */
	assert_false(amount_ok("2.500", 2.5, "JPY", why, sizeof(why)));
	assert_false(amount_ok("95000.5", 95000.5, "VND", why, sizeof(why)));
	assert_non_null(strstr(why, "no decimals"));
	assert_false(amount_ok("95", 95, "VND", why, sizeof(why)));
	assert_non_null(strstr(why, "under 1,000"));
	assert_non_null(strstr(why, "did you mean 95000?"));
	assert_true(amount_ok("120000", 120000, "VND", why, sizeof(why)));
	assert_true(amount_ok("1000", 1000, "VND", why, sizeof(why)));
	assert_string_equal(why, "");
	/* Cents are real; 95 yen is a price. */
	assert_true(amount_ok("12.500", 12.5, "USD", why, sizeof(why)));
	assert_true(amount_ok("95", 95, "JPY", why, sizeof(why)));
	assert_true(amount_ok("120.000", 120, NULL, why, sizeof(why)));
}

/* What a quantity written as text says, or why nothing can be read. */
static void test_quantity_texts(void **state)
{
	(void)state;
	double v = 0;
	int u = -1;
	assert_null(trade_quantity_text("12 tháng", &v, &u));
	assert_true(v == 12);
	assert_string_equal(trade_units[u].id, "month");
	assert_null(trade_quantity_text("Túi 500 g", &v, &u));
	assert_true(v == 500);
	assert_string_equal(trade_units[u].id, "g");
	assert_null(trade_quantity_text("24 bottles", &v, &u));
	assert_string_equal(trade_units[u].id, "bottle");
	assert_null(trade_quantity_text("1,5 kg", &v, &u));
	assert_true(v == 1.5);
	assert_null(trade_quantity_text("500ml", &v, &u));
	assert_string_equal(trade_units[u].id, "ml");
	assert_null(trade_quantity_text("12 个月", &v, &u));
	assert_string_equal(trade_units[u].id, "month");
	/* None of these is read, and nothing is set. */
	v = 0;
	u = -1;
	assert_string_equal(
		trade_quantity_text("7 days refrigerated, 3 months frozen", &v,
				    &u),
		"it gives more than one number");
	assert_string_equal(trade_quantity_text("3–5 days", &v, &u),
			    "it gives a range, not one number");
	assert_string_equal(
		trade_quantity_text("No limit if kept closed", &v, &u),
		"it gives no number");
	assert_null(trade_quantity_text("500 gói", &v, &u));
	assert_string_equal(trade_units[u].id, "pack");
	v = 0;
	u = -1;
	assert_string_equal(trade_quantity_text("500 gòi", &v, &u),
			    "no unit follows its number");
	assert_non_null(trade_quantity_text("1.500 g", &v, &u));
	assert_true(v == 0 && u == -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_range_in_each_language),
		cmocka_unit_test(test_one_price_and_decimals),
		cmocka_unit_test(test_without_words_codes_and_ids),
		cmocka_unit_test(test_quantities_and_plurals),
		cmocka_unit_test(test_plain_numbers_read_back),
		cmocka_unit_test(test_un_cefact_codes),
		cmocka_unit_test(test_units_a_field_allows),
		cmocka_unit_test(test_currencies),
		cmocka_unit_test(test_schemes_by_any_writing),
		cmocka_unit_test(test_grouped_numbers),
		cmocka_unit_test(test_amounts_as_meant),
		cmocka_unit_test(test_quantity_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
