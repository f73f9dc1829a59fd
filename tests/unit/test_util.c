/* The low-level helpers: growth without overflow, and BUG() stopping the
 * program with where it happened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static void test_grow_keeps_elements(void **state)
{
	(void)state;
	int *a = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < 1000; i++) {
		XGROW(a, i, cap);
		assert_true(i < cap);
		a[i] = (int)i;
	}
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(a[i], (int)i);
	/* Room already there: nothing moves. */
	int *before = a;
	XGROW(a, 10, cap);
	assert_ptr_equal(a, before);
	free(a);
}

static void test_xstrdup(void **state)
{
	(void)state;
	char *s = xstrdup("Bắc Kạn");
	assert_string_equal(s, "Bắc Kạn");
	free(s);
	void *z = xcalloc(0, 8);
	assert_non_null(z);
	free(z);
}

/* Runs f in a child with stderr to a pipe; gives what it printed and how it
 * ended. */
static int run_child(void (*f)(void), char *out, size_t size)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		f();
		_exit(0);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < size && (r = read(fds[0], out + n, size - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	return status;
}

static void broken_invariant(void)
{
	BUG("index %d of a list of %d", 7, 3);
}

static void too_much(void)
{
	size_t cap = 0;
	char *p = NULL;
	/* An element count whose bytes do not fit in size_t. */
	p = xgrow(p, SIZE_MAX / 4, &cap, 16);
	free(p);
}

static void test_bug_stops_with_place(void **state)
{
	(void)state;
	char out[512];
	int status = run_child(broken_invariant, out, sizeof(out));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(out, "ocopgen: BUG: "));
	assert_non_null(strstr(out, "test_util.c:"));
	assert_non_null(strstr(out, "index 7 of a list of 3"));
}

static void test_overflow_is_out_of_memory(void **state)
{
	(void)state;
	char out[512];
	int status = run_child(too_much, out, sizeof(out));
	assert_true(WIFSIGNALED(status));
	assert_string_equal(out, "ocopgen: out of memory\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_keeps_elements),
		cmocka_unit_test(test_xstrdup),
		cmocka_unit_test(test_bug_stops_with_place),
		cmocka_unit_test(test_overflow_is_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
