/* The words of search: what a text gives as terms of the index, and the
 * places of a name's words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "search.h"

static void terms_are(const char *text, const char *want)
{
	struct buf b = BUF_INIT;
	search_text_terms(text, &b);
	assert_string_equal(b.len ? b.data : "", want);
	buf_release(&b);
}

static void test_words_folded(void **state)
{
	(void)state;
	/* Folded, split at what is not a letter or digit; a word twice is
	 * one term with the places of both. */
	terms_are("Miến DONG, miến-500g", "mien 5\ndong 2\n500g 8\n");
	terms_are("", "");
	terms_are(" \t\n", "");
}

static void test_cjk_characters_and_pairs(void **state)
{
	(void)state;
	/* Each Han character is a word of its own, and each pair of
	 * neighbours a term at the place of its first. */
	terms_are("薄荷蜂蜜",
		  "薄 1\n荷 2\n薄荷 1\n蜂 4\n荷蜂 2\n蜜 8\n蜂蜜 4\n");
	terms_are("OCOP 北件", "ocop 1\n北 2\n件 4\n北件 2\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_folded),
		cmocka_unit_test(test_cjk_characters_and_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
