/* Sizes in messages about limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"

static void check_text(unsigned long long n, const char *want)
{
	char out[32];
	limit_size_text(n, out);
	assert_string_equal(out, want);
}

static void test_size_text(void **state)
{
	(void)state;
	check_text(0, "0 bytes");
	check_text(999, "999 bytes");
	check_text(1000, "1 kB");
	check_text(820599, "820.5 kB");
	check_text(LIMIT_MB, "1 MB");
	check_text(12345678, "12.3 MB");
	/* Cut, not rounded: never the next tenth. */
	check_text(1999999, "1.9 MB");
	check_text(LIMIT_IMAGE_BYTES, "50 MB");
}

/* The message of one size against its limit. */
static char *message(unsigned long long size, unsigned long long max,
		     const char *advice)
{
	struct diag d;
	diag_init(&d);
	assert_int_equal(limit_size_error(&d, pos_file("content/x/vi.md"),
					  "vi.md", size, max, advice),
			 -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].level, DIAG_ERROR);
	assert_int_equal(d.items[0].line, 1);
	char *msg = d.items[0].msg;
	d.items[0].msg = NULL;
	diag_release(&d);
	return msg;
}

static void test_size_error(void **state)
{
	(void)state;
	char *msg = message(2500000, LIMIT_BODY_BYTES, "shorten it");
	assert_string_equal(msg, "vi.md is 2.5 MB; at most 1 MB: shorten it");
	free(msg);
	/* Just above the limit, its tenths would read as the limit. */
	msg = message(LIMIT_BODY_BYTES + 1, LIMIT_BODY_BYTES, NULL);
	assert_string_equal(msg,
			    "vi.md is 1000001 bytes; at most 1000000 bytes");
	free(msg);
	msg = message(LIMIT_MB + LIMIT_MB / 10, LIMIT_BODY_BYTES, NULL);
	assert_string_equal(msg, "vi.md is 1.1 MB; at most 1 MB");
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_text),
		cmocka_unit_test(test_size_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
