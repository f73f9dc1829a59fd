/* The arena: aligned zeroed memory, large blocks, strings, reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdalign.h>
#include <string.h>

#include "arena.h"

static void check_aligned(const void *p)
{
	assert_non_null(p);
	if ((uintptr_t)p % alignof(max_align_t))
		fail_msg("%p is not aligned to %zu", p, alignof(max_align_t));
}

static void test_alignment(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	static const size_t sizes[] = {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 100};
	for (int round = 0; round < 200; round++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			char *p = arena_alloc(&a, sizes[i]);
			check_aligned(p);
			/* Zeroed, and writable to the last byte. */
			for (size_t k = 0; k < sizes[i]; k++)
				assert_int_equal(p[k], 0);
			memset(p, 0xAB, sizes[i]);
		}
	check_aligned(arena_strdup(&a, "x"));
	check_aligned(arena_printf(&a, "%d", 5));
	long double *ld = arena_alloc(&a, sizeof(long double) * 3);
	check_aligned(ld);
	ld[2] = 1.5L;
	assert_true(ld[2] == 1.5L);
	arena_release(&a);
}

static void test_allocations_do_not_overlap(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	enum { N = 3000 };
	static char *p[N];
	for (int i = 0; i < N; i++) {
		p[i] = arena_alloc(&a, 50);
		memset(p[i], i % 251, 50);
	}
	for (int i = 0; i < N; i++)
		for (int k = 0; k < 50; k++)
			assert_int_equal((unsigned char)p[i][k], i % 251);
	arena_release(&a);
}

static void test_large_allocation(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	char *small = arena_strdup(&a, "before");
	size_t big_size = 200 * 1024;
	unsigned char *big = arena_alloc(&a, big_size);
	check_aligned(big);
	for (size_t i = 0; i < big_size; i++)
		assert_int_equal(big[i], 0);
	memset(big, 0x5A, big_size);
	/* The chunk that was in use keeps serving small allocations. */
	char *after = arena_strdup(&a, "after");
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	assert_int_equal(big[0], 0x5A);
	assert_int_equal(big[big_size - 1], 0x5A);
	/* Exactly one chunk's worth, and a first allocation that is large. */
	char *exact = arena_alloc(&a, 64 * 1024);
	memset(exact, 1, 64 * 1024);
	arena_release(&a);

	struct arena b = ARENA_INIT;
	big = arena_alloc(&b, 100000);
	memset(big, 2, 100000);
	assert_string_equal(arena_strdup(&b, "next"), "next");
	arena_release(&b);
}

static void test_strings(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	assert_string_equal(arena_strdup(&a, "Miến dong"), "Miến dong");
	assert_string_equal(arena_strndup(&a, "Bắc Kạn", 5), "Bắc");
	assert_string_equal(arena_strdup(&a, ""), "");
	char *s = arena_printf(&a, "%s/%s/%d", "vi", "products", 3);
	assert_string_equal(s, "vi/products/3");
	char long_text[5000];
	memset(long_text, 'q', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	s = arena_printf(&a, "<%s>", long_text);
	assert_int_equal(strlen(s), sizeof(long_text) + 1);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[sizeof(long_text)], '>');
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	arena_release(&a);
}

static void test_reset_keeps_working(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 5000; i++) {
			char *p =
				arena_printf(&a, "round %d item %d", round, i);
			assert_non_null(p);
		}
		char *big = arena_alloc(&a, 100000);
		assert_int_equal(big[99999], 0);
		memset(big, 7, 100000);
		arena_reset(&a);
		/* Memory handed out after a reset is zeroed again. */
		unsigned char *z = arena_alloc(&a, 1000);
		check_aligned(z);
		for (int k = 0; k < 1000; k++)
			assert_int_equal(z[k], 0);
		assert_string_equal(arena_strdup(&a, "ok"), "ok");
	}
	arena_release(&a);
	assert_null(a.head);
	/* A released arena can be used again. */
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_reset(&a);
	arena_release(&a);
	/* Reset and release of an unused arena are harmless. */
	struct arena e = ARENA_INIT;
	arena_reset(&e);
	arena_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_allocations_do_not_overlap),
		cmocka_unit_test(test_large_allocation),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_reset_keeps_working),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
