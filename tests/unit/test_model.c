/* The model's helpers: dates, texts with a fallback language, finders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "model.h"

static struct date mkdate(int y, int m, int d)
{
	return (struct date){y, m, d};
}

static void check_add(struct date from, int months, struct date want)
{
	struct date got = date_add_months(from, months);
	if (got.year != want.year || got.month != want.month ||
	    got.day != want.day)
		fail_msg("%04d-%02d-%02d + %d months: got %04d-%02d-%02d, want "
			 "%04d-%02d-%02d",
			 from.year, from.month, from.day, months, got.year,
			 got.month, got.day, want.year, want.month, want.day);
}

static void test_add_months(void **state)
{
	(void)state;
	/* A certificate issued on 2021-06-30 is valid for 36 months. */
	check_add(mkdate(2021, 6, 30), 36, mkdate(2024, 6, 30));
	check_add(mkdate(2021, 6, 30), 0, mkdate(2021, 6, 30));
	check_add(mkdate(2021, 6, 30), 1, mkdate(2021, 7, 30));
	/* The day is kept within the month. */
	check_add(mkdate(2020, 2, 29), 12, mkdate(2021, 2, 28));
	check_add(mkdate(2020, 2, 29), 48, mkdate(2024, 2, 29));
	check_add(mkdate(2021, 1, 31), 1, mkdate(2021, 2, 28));
	check_add(mkdate(2024, 1, 31), 1, mkdate(2024, 2, 29));
	check_add(mkdate(2021, 3, 31), 1, mkdate(2021, 4, 30));
	/* Months past December carry into the year. */
	check_add(mkdate(2021, 11, 15), 3, mkdate(2022, 2, 15));
	check_add(mkdate(2021, 12, 31), 1, mkdate(2022, 1, 31));
	check_add(mkdate(2021, 10, 31), 14, mkdate(2022, 12, 31));
	check_add(mkdate(2021, 1, 1), 24, mkdate(2023, 1, 1));
	check_add(mkdate(2021, 12, 1), 12, mkdate(2022, 12, 1));
	/* And backwards. */
	check_add(mkdate(2023, 3, 31), -1, mkdate(2023, 2, 28));
	check_add(mkdate(2023, 1, 15), -1, mkdate(2022, 12, 15));
}

static void test_date_cmp(void **state)
{
	(void)state;
	struct date a = mkdate(2024, 6, 30);
	assert_int_equal(date_cmp(a, a), 0);
	assert_true(date_cmp(a, mkdate(2024, 7, 1)) < 0);
	assert_true(date_cmp(mkdate(2024, 7, 1), a) > 0);
	assert_true(date_cmp(mkdate(2023, 12, 31), mkdate(2024, 1, 1)) < 0);
	assert_true(date_cmp(mkdate(2024, 1, 1), mkdate(2023, 12, 31)) > 0);
	assert_true(date_cmp(mkdate(2024, 6, 29), a) < 0);
	assert_true(date_cmp(mkdate(2024, 6, 31), a) > 0);
	/* Year 0 (not set) comes first. */
	assert_true(date_cmp(mkdate(0, 0, 0), mkdate(1900, 1, 1)) < 0);
	/* An expiry judged against today. */
	struct date expires = date_add_months(mkdate(2021, 6, 30), 36);
	assert_true(date_cmp(expires, mkdate(2024, 6, 30)) == 0);
	assert_true(date_cmp(expires, mkdate(2024, 7, 1)) < 0);
}

static void test_ltext_get_fallback(void **state)
{
	(void)state;
	struct ltext t = {{"Miến dong", NULL, "粉丝"}, {"x.json", 1, 1, false}};
	bool fallback = true;
	assert_string_equal(ltext_get(&t, 0, &fallback), "Miến dong");
	assert_false(fallback);
	fallback = false;
	assert_string_equal(ltext_get(&t, 1, &fallback), "Miến dong");
	assert_true(fallback);
	fallback = true;
	assert_string_equal(ltext_get(&t, 2, &fallback), "粉丝");
	assert_false(fallback);
	/* A language past the table falls back too. */
	fallback = false;
	assert_string_equal(ltext_get(&t, MODEL_MAX_LANGS, &fallback),
			    "Miến dong");
	assert_true(fallback);
	/* fallback may be NULL. */
	assert_string_equal(ltext_get(&t, 1, NULL), "Miến dong");
	assert_true(ltext_present(&t));

	/* An absent field: NULL, and no fallback to speak of. */
	struct ltext none = {{NULL}, {NULL, 0, 0, false}};
	fallback = true;
	assert_null(ltext_get(&none, 0, &fallback));
	assert_false(fallback);
	fallback = true;
	assert_null(ltext_get(&none, 2, &fallback));
	assert_false(fallback);
	assert_false(ltext_present(&none));
}

static void test_finders(void **state)
{
	(void)state;
	struct producer producers[3] = {
		{.id = "hkd-a"}, {.id = "htx-b"}, {.id = "htx-c"}};
	struct product products[2] = {{.slug = "mien-dong"},
				      {.slug = "tra-shan"}};
	struct place groups[2] = {{.id = "food"}, {.id = "beverages"}};
	struct place places[1] = {{.id = "ba-be"}};
	struct model m = {0};
	m.producers = producers;
	m.nproducers = 3;
	m.products = products;
	m.nproducts = 2;
	m.site.groups = groups;
	m.site.ngroups = 2;
	m.site.areas.places = places;
	m.site.areas.nplaces = 1;
	for (int i = 0; i < 3; i++)
		assert_ptr_equal(model_find_producer(&m, producers[i].id),
				 &producers[i]);
	assert_null(model_find_producer(&m, "htx-d"));
	assert_null(model_find_producer(&m, ""));
	assert_ptr_equal(model_find_product(&m, "tra-shan"), &products[1]);
	assert_ptr_equal(model_find_product(&m, "mien-dong"), &products[0]);
	assert_null(model_find_product(&m, "mien"));
	assert_ptr_equal(model_find_group(&m, "beverages"), &groups[1]);
	assert_null(model_find_group(&m, "tourism"));
	assert_ptr_equal(model_find_area(&m, "ba-be"), &places[0]);
	assert_null(model_find_area(&m, "cho-don"));

	struct model empty = {0};
	assert_null(model_find_producer(&empty, "x"));
	assert_null(model_find_product(&empty, "x"));
	assert_null(model_find_group(&empty, "x"));
	assert_null(model_find_area(&empty, "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_date_cmp),
		cmocka_unit_test(test_ltext_get_fallback),
		cmocka_unit_test(test_finders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
