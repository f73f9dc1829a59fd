/* Template values: construction, maps, lists and truth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdio.h>
#include <string.h>

#include "value.h"

static void test_scalars(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	const struct value *v = value_int(&a, -42);
	assert_int_equal(v->kind, VALUE_INT);
	assert_true(v->u.i == -42);
	v = value_bool(&a, true);
	assert_int_equal(v->kind, VALUE_BOOL);
	assert_true(v->u.b);
	v = value_str_lang(&a, "bánh", "vi");
	assert_int_equal(v->kind, VALUE_STR);
	assert_string_equal(v->u.str.s, "bánh");
	assert_int_equal(v->u.str.len, strlen("bánh"));
	assert_string_equal(v->lang, "vi");
	assert_null(value_str(&a, "x")->lang);
	v = value_html(&a, "<p>x</p>", "en");
	assert_int_equal(v->kind, VALUE_HTML);
	assert_string_equal(v->lang, "en");
	v = value_path(&a, "vi/products/");
	assert_int_equal(v->kind, VALUE_PATH);
	assert_string_equal(v->u.str.s, "vi/products/");
	arena_release(&a);
}

static void test_null_strings_give_value_null(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	assert_ptr_equal(value_str(&a, NULL), &value_null);
	assert_ptr_equal(value_str_lang(&a, NULL, "vi"), &value_null);
	assert_ptr_equal(value_html(&a, NULL, NULL), &value_null);
	assert_ptr_equal(value_path(&a, NULL), &value_null);
	assert_int_equal(value_null.kind, VALUE_NULL);
	arena_release(&a);
}

static void test_map_set_replaces_and_grows(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct value *m = value_map(&a);
	static const char *const keys[] = {"a", "b", "c", "d", "e", "f",
					   "g", "h", "i", "j", "k", "l"};
	for (int i = 0; i < 12; i++)
		value_map_set(&a, m, keys[i], value_int(&a, i));
	assert_int_equal(m->u.map.n, 12);
	for (int i = 0; i < 12; i++)
		assert_true(value_map_get(m, keys[i])->u.i == i);
	value_map_set(&a, m, "c", value_str(&a, "new"));
	assert_int_equal(m->u.map.n, 12);
	assert_string_equal(value_map_get(m, "c")->u.str.s, "new");
	assert_null(value_map_get(m, "zz"));
	assert_null(value_map_get(value_int(&a, 1), "a"));
	assert_null(value_map_get(NULL, "a"));
	arena_release(&a);
}

static void test_list_items(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct value *l = value_list(&a, 3);
	assert_int_equal(l->kind, VALUE_LIST);
	assert_int_equal(l->u.list.n, 3);
	assert_ptr_equal(l->u.list.items[2], &value_null);
	value_list_set(l, 0, value_int(&a, 7));
	assert_true(l->u.list.items[0]->u.i == 7);
	assert_int_equal(value_list(&a, 0)->u.list.n, 0);
	/* Out of range is a bug of the caller: the program stops, saying
	 * so, rather than drop the item. */
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, STDERR_FILENO);
		value_list_set(l, 3, value_int(&a, 9));
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	arena_release(&a);
}

static void test_truthy(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	assert_false(value_truthy(NULL));
	assert_false(value_truthy(&value_null));
	assert_false(value_truthy(value_bool(&a, false)));
	assert_true(value_truthy(value_bool(&a, true)));
	assert_false(value_truthy(value_int(&a, 0)));
	assert_true(value_truthy(value_int(&a, -1)));
	assert_false(value_truthy(value_str(&a, "")));
	assert_true(value_truthy(value_str(&a, "x")));
	assert_false(value_truthy(value_html(&a, "", NULL)));
	assert_false(value_truthy(value_list(&a, 0)));
	assert_true(value_truthy(value_list(&a, 1)));
	assert_true(value_truthy(value_map(&a)));
	/* The site root is a place, not an empty string. */
	assert_true(value_truthy(value_path(&a, "")));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_null_strings_give_value_null),
		cmocka_unit_test(test_map_set_replaces_and_grows),
		cmocka_unit_test(test_list_items),
		cmocka_unit_test(test_truthy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
