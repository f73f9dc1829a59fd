/* CSV cells for buyers' spreadsheets: quoting, and no formula ever. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "exports.h"

static void expect_cell(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	exports_csv_cell(&b, in);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void test_plain_cells_stay_as_they_are(void **state)
{
	(void)state;
	expect_cell("Miến dong Tài Hoan", "Miến dong Tài Hoan");
	expect_cell("", "");
	expect_cell(NULL, "");
}

static void test_separators_and_quotes_are_quoted(void **state)
{
	(void)state;
	expect_cell("Na Rì, Bắc Kạn", "\"Na Rì, Bắc Kạn\"");
	expect_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_cell("two\nlines", "\"two\nlines\"");
	expect_cell(" leading space", "\" leading space\"");
}

static void test_formulas_are_neutralized(void **state)
{
	(void)state;
	expect_cell("=HYPERLINK(\"http://x\")",
		    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	expect_cell("+84 000 000 001", "\"'+84 000 000 001\"");
	expect_cell("-1", "\"'-1\"");
	expect_cell("@SUM(A1)", "\"'@SUM(A1)\"");
	expect_cell("\tx", "\"'\tx\"");
	expect_cell("\rx", "\"'\rx\"");
	/* Only the first character decides. */
	expect_cell("a=b", "a=b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_cells_stay_as_they_are),
		cmocka_unit_test(test_separators_and_quotes_are_quoted),
		cmocka_unit_test(test_formulas_are_neutralized),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
