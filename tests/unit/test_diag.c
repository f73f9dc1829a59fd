/* Diagnostics: the report is sorted, without repeats, in the compilers'
 * format, whatever order or thread found the problems. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Runs diag_print into a string; the caller frees it. */
static char *print_to_string(struct diag *d, int quiet, size_t *errors)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_non_null(f);
	size_t n = diag_print(d, f, quiet);
	assert_int_equal(fclose(f), 0);
	if (errors)
		*errors = n;
	return text;
}

static void test_sorted_by_path_line_col(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, (struct pos){"b.json", 1, 1, false}, "b1");
	diag_error(&d, (struct pos){"a.json", 10, 2, false}, "a10");
	diag_error(&d, (struct pos){"a.json", 2, 12, false}, "a2c12");
	diag_warning(&d, (struct pos){"a.json", 2, 3, false}, "a2c3");
	diag_error(&d, (struct pos){"a.json", 0, 0, false}, "whole a");
	diag_error(&d, (struct pos){"a/z.json", 1, 1, false}, "dir");
	size_t errors = 0;
	char *out = print_to_string(&d, 0, &errors);
	assert_string_equal(out, "a.json: error: whole a\n"
				 "a.json:2:3: warning: a2c3\n"
				 "a.json:2:12: error: a2c12\n"
				 "a.json:10:2: error: a10\n"
				 "a/z.json:1:1: error: dir\n"
				 "b.json:1:1: error: b1\n");
	assert_int_equal(errors, 5);
	free(out);
	diag_release(&d);
}

static void test_order_does_not_matter(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		int line, col;
		const char *msg;
	} e[] = {
		{"content/site.json", 3, 5, "one"},
		{"content/products/a/product.json", 7, 1, "two"},
		{"content/products/a/product.json", 7, 9, "three"},
		{"content/products/b/product.json", 1, 1, "four"},
	};
	enum { N = sizeof(e) / sizeof(e[0]) };
	char *first = NULL;
	/* Forwards, backwards, and interleaved. */
	static const int orders[][N] = {
		{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}};
	for (size_t o = 0; o < 3; o++) {
		struct diag d;
		diag_init(&d);
		for (int i = 0; i < N; i++) {
			int k = orders[o][i];
			diag_error(&d,
				   (struct pos){e[k].path, e[k].line, e[k].col,
						false},
				   "%s", e[k].msg);
		}
		char *out = print_to_string(&d, 0, NULL);
		if (!first)
			first = out;
		else {
			assert_string_equal(out, first);
			free(out);
		}
		diag_release(&d);
	}
	assert_non_null(strstr(first, "product.json:7:1: error: two\n"
				      "content/products/a/product.json:7:9:"));
	free(first);
}

static void test_repeats_printed_once(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct pos p = {"x.json", 4, 2, false};
	for (int i = 0; i < 3; i++)
		diag_error(&d, p, "same %d", 1);
	diag_warning(&d, p, "same %d", 1);
	diag_error(&d, p, "other");
	/* Repeats count until printed. */
	assert_int_equal(diag_error_count(&d), 4);
	size_t errors = 0;
	char *out = print_to_string(&d, 0, &errors);
	assert_string_equal(out, "x.json:4:2: error: other\n"
				 "x.json:4:2: error: same 1\n"
				 "x.json:4:2: warning: same 1\n");
	assert_int_equal(errors, 2);
	assert_int_equal(d.errors, 2);
	assert_int_equal(d.warnings, 1);
	free(out);
	diag_release(&d);
}

static void test_quiet_hides_warnings_only(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_warning(&d, (struct pos){"a.json", 1, 1, false}, "a warning");
	diag_error(&d, (struct pos){"a.json", 2, 1, false}, "an error");
	diag_missing_translation(&d, (struct pos){"a.json", 3, 1, false}, "zh",
				 "\"name\"", NULL);
	diag_report(&d, DIAG_NOTE, (struct pos){"a.json", 4, 1, false},
		    "a note");
	size_t errors = 0;
	char *out = print_to_string(&d, 1, &errors);
	assert_string_equal(out, "a.json:2:1: error: an error\n");
	assert_int_equal(errors, 1);
	free(out);
	/* Printing again, not quiet, shows them all. */
	out = print_to_string(&d, 0, &errors);
	assert_non_null(strstr(out, "a.json:1:1: warning: a warning\n"));
	assert_non_null(strstr(out, "a.json:3:1: warning: missing zh "));
	assert_non_null(strstr(out, "a.json:4:1: note: a note\n"));
	free(out);
	diag_release(&d);
}

static void test_format(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, (struct pos){"content/site.json", 12, 7, false},
		   "unknown field \"%s\"", "titel");
	diag_warning(&d, (struct pos){"content/pages/about/en.md", 0, 0, false},
		     "missing %s", "text");
	/* Column 0 on a line prints as column 1. */
	diag_error(&d, (struct pos){"t.html", 5, 0, false}, "no column");
	char *out = print_to_string(&d, 0, NULL);
	assert_string_equal(out,
			    "content/pages/about/en.md: warning: missing text\n"
			    "content/site.json:12:7: error: unknown field "
			    "\"titel\"\n"
			    "t.html:5:1: error: no column\n");
	free(out);
	diag_release(&d);
}

/* What a message quotes from content reaches the terminal as escapes:
 * an ESC ] sequence would retitle it, a CSI (C1, U+009B) or a carriage
 * return overwrite what was printed. */
static void test_controls_printed_visibly(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, (struct pos){"a\rb.csv", 2, 3, true},
		   "unknown column \"%s\"",
		   "\033]0;pwned\007x\xc2\x9b"
		   "2J\r");
	char *out = print_to_string(&d, 0, NULL);
	assert_string_equal(out, "a\\x0db.csv:2:C: error: unknown column "
				 "\"\\x1b]0;pwned\\x07x\\u009b2J\\x0d\"\n");
	free(out);
	diag_release(&d);
}

/* A whole file is put at 1:1, a folder has no line to jump to. */
static void test_whole_file_and_folder(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, pos_file("content/products/a/product.json"),
		   "the file is empty");
	diag_error(&d, pos_folder("content/products/b"),
		   "product.json is missing");
	char *out = print_to_string(&d, 0, NULL);
	assert_string_equal(out, "content/products/a/product.json:1:1: error: "
				 "the file is empty\n"
				 "content/products/b: error: product.json is "
				 "missing\n");
	free(out);
	diag_release(&d);
}

/* A file that cannot be written is an error with its cause, counted apart
 * from errors in the content. */
static void test_write_error(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, pos_file("content/site.json"), "bad");
	assert_int_equal(diag_write_error_count(&d), 0);
	assert_int_equal(diag_write_error(&d, pos_folder("public"), ENOSPC,
					  "cannot write %s", "the new site"),
			 -1);
	diag_write_error(&d, pos_folder("public.x"), 0, "%d more", 3);
	assert_int_equal(diag_error_count(&d), 3);
	assert_int_equal(diag_write_error_count(&d), 2);
	char *out = print_to_string(&d, 0, NULL);
	char expect[256];
	snprintf(expect, sizeof(expect),
		 "content/site.json:1:1: error: bad\n"
		 "public: error: cannot write the new site: %s\n"
		 "public.x: error: 3 more\n",
		 strerror(ENOSPC));
	assert_string_equal(out, expect);
	free(out);
	diag_release(&d);
}

static void test_null_path(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, (struct pos){NULL, 0, 0, false}, "no file");
	assert_string_equal(d.items[0].path, "");
	diag_release(&d);
}

static void test_entries_keep_what_was_reported(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	char path[] = "content/x.json";
	diag_report(&d, DIAG_WARNING, (struct pos){path, 3, 4, false}, "n=%d",
		    42);
	/* The path is copied: the caller's string may change. */
	path[0] = 'X';
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].level, DIAG_WARNING);
	assert_string_equal(d.items[0].path, "content/x.json");
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 4);
	assert_string_equal(d.items[0].msg, "n=42");
	assert_null(d.items[0].lang);
	diag_release(&d);
}

static void test_missing_count_per_language(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct pos p = {"content/products/a/product.json", 2, 3, false};
	diag_missing_translation(&d, p, "en", "\"name\"", NULL);
	diag_missing_translation(&d, p, "zh", "\"name\"", NULL);
	p.line = 5;
	diag_missing_translation(&d, p, "zh", "\"summary\"", NULL);
	diag_missing_translation(&d, (struct pos){"b.md", 0, 0, false}, "zh",
				 "b.md", "en");
	diag_warning(&d, p, "zh is not a missing translation");
	assert_int_equal(diag_missing_count(&d, "en"), 1);
	assert_int_equal(diag_missing_count(&d, "zh"), 3);
	assert_int_equal(diag_missing_count(&d, "vi"), 0);
	assert_int_equal(diag_error_count(&d), 0);
	assert_string_equal(d.items[1].lang, "zh");
	assert_int_equal(d.items[1].level, DIAG_WARNING);
	if (!strstr(d.items[1].msg, "zh") || !strstr(d.items[1].msg, "name"))
		fail_msg("message: %s", d.items[1].msg);
	diag_release(&d);
}

static void test_error_returns_minus_one(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	assert_int_equal(diag_error(&d, (struct pos){"a", 1, 1, false}, "x"),
			 -1);
	assert_int_equal(diag_error_count(&d), 1);
	diag_warning(&d, (struct pos){"a", 1, 1, false}, "y");
	assert_int_equal(diag_error_count(&d), 1);
	diag_release(&d);
}

/* Lines of text that start with prefix. */
static size_t lines_starting(const char *text, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);
	for (const char *p = text; p && *p;
	     p = strchr(p, '\n'), p = p ? p + 1 : p)
		n += !strncmp(p, prefix, len);
	return n;
}

/* A file of many errors and warnings: the first DIAG_FILE_MAX of each are
 * printed, then how many more there are; every one is counted, and the
 * other files are printed whole. Printing again prints the same. */
static void test_many_in_one_file(void **state)
{
	(void)state;
	enum { MANY = DIAG_FILE_MAX + 50 };
	struct diag d;
	diag_init(&d);
	for (int i = 0; i < MANY; i++) {
		struct pos p = {"big.json", i + 1, 1, false};
		diag_error(&d, p, "error %d", i);
		diag_warning(&d, p, "warning %d", i);
	}
	diag_error(&d, (struct pos){"other.json", 1, 1, false}, "one");
	for (int round = 0; round < 2; round++) {
		size_t errors;
		char *out = print_to_string(&d, 0, &errors);
		assert_int_equal(errors, MANY + 1);
		assert_int_equal(d.warnings, MANY);
		/* And two notes. */
		assert_int_equal(lines_starting(out, "big.json:"),
				 2 * DIAG_FILE_MAX + 2);
		assert_non_null(
			strstr(out, "big.json:100:1: error: error 99\n"));
		assert_null(strstr(out, "error 100\n"));
		assert_non_null(strstr(out, "big.json: note: 50 more errors in "
					    "this file not shown\n"
					    "big.json: note: 50 more warnings "
					    "in this file not shown\n"
					    "other.json:1:1: error: one\n"));
		free(out);
	}
	/* Quiet: the errors alone, and their note. */
	char *out = print_to_string(&d, DIAG_QUIET, NULL);
	assert_int_equal(lines_starting(out, "big.json:"), DIAG_FILE_MAX + 1);
	assert_non_null(strstr(out, "50 more errors"));
	assert_null(strstr(out, "warning"));
	free(out);
	size_t hidden = 0;
	for (size_t i = 0; i < d.n; i++)
		hidden += d.items[i].hidden;
	assert_int_equal(hidden, 100);
	diag_release(&d);
}

enum { THREADS = 4, PER_THREAD = 500 };

struct worker {
	struct diag *d;
	int id;
};

static void *report_many(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < PER_THREAD; i++) {
		/* A file per item: fewer than DIAG_FILE_MAX errors in each. */
		char path[32];
		snprintf(path, sizeof(path), "t%d.json", i);
		struct pos p = {path, i + 1, w->id + 1, false};
		diag_error(w->d, p, "thread %d item %d", w->id, i);
		diag_missing_translation(w->d, p, "zh", "x", NULL);
	}
	return NULL;
}

static void test_concurrent_reports(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	pthread_t t[THREADS];
	struct worker w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){&d, i};
		assert_int_equal(
			pthread_create(&t[i], NULL, report_many, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(d.n, 2 * THREADS * PER_THREAD);
	assert_int_equal(diag_error_count(&d), THREADS * PER_THREAD);
	assert_int_equal(diag_missing_count(&d, "zh"), THREADS * PER_THREAD);
	size_t errors = 0;
	char *out = print_to_string(&d, 1, &errors);
	assert_int_equal(errors, THREADS * PER_THREAD);
	size_t lines = 0;
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, THREADS * PER_THREAD);
	assert_non_null(
		strstr(out, "t499.json:500:4: error: thread 3 item 499\n"));
	free(out);
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_by_path_line_col),
		cmocka_unit_test(test_order_does_not_matter),
		cmocka_unit_test(test_repeats_printed_once),
		cmocka_unit_test(test_quiet_hides_warnings_only),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_controls_printed_visibly),
		cmocka_unit_test(test_whole_file_and_folder),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_null_path),
		cmocka_unit_test(test_entries_keep_what_was_reported),
		cmocka_unit_test(test_missing_count_per_language),
		cmocka_unit_test(test_error_returns_minus_one),
		cmocka_unit_test(test_concurrent_reports),
		cmocka_unit_test(test_many_in_one_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
