/* Prices read from a product's free-text price range, for schema.org
 * offers: amounts as Vietnamese, English and Chinese write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "jsonld.h"

static void expect_price(const char *text, int want_n, double want_low,
			 double want_high, const char *want_currency)
{
	double low = -1, high = -1;
	const char *currency = "unset";
	int n = jsonld_price(text, &low, &high, &currency);
	assert_int_equal(n, want_n);
	if (!want_currency) {
		assert_null(currency);
		return;
	}
	assert_non_null(currency);
	assert_string_equal(currency, want_currency);
	if (n) {
		assert_true(low == want_low);
		assert_true(high == want_high);
	}
}

static void test_ranges_and_groups_of_thousands(void **state)
{
	(void)state;
	expect_price("80.000 – 120.000 đ/kg", 2, 80000, 120000, "VND");
	expect_price("80,000-120,000 VND", 2, 80000, 120000, "VND");
	expect_price("1.200.000 ₫", 1, 1200000, 1200000, "VND");
	expect_price("120.000 - 80.000 đồng", 2, 80000, 120000, "VND");
}

static void test_decimals_and_other_currencies(void **state)
{
	(void)state;
	expect_price("12.50 USD", 1, 12.5, 12.5, "USD");
	expect_price("€ 3.75 - 4.25", 2, 3.75, 4.25, "EUR");
	expect_price("25 元", 1, 25, 25, "CNY");
}

static void test_no_currency_no_price(void **state)
{
	(void)state;
	expect_price("80.000 - 120.000", 0, 0, 0, NULL);
	expect_price("Contact the producer", 0, 0, 0, NULL);
	/* The "đ" of a Vietnamese word is no currency sign. */
	expect_price("Đóng gói 500 g, để được 12 tháng", 0, 0, 0, NULL);
	expect_price("Khoảng 200 đơn vị", 0, 0, 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges_and_groups_of_thousands),
		cmocka_unit_test(test_decimals_and_other_currencies),
		cmocka_unit_test(test_no_currency_no_price),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
