/*
 * Publishing: the output folder is replaced whole or not at all. Every test
 * works in its own temporary folder: T/site is the site, T/out the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "publish.h"

struct fixture {
	char dir[64];
	struct buf out, site, tmp;
	struct diag diag;
	struct publish pub;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	strcpy(f->dir, "/tmp/test_publish.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	buf_init(&f->out);
	buf_init(&f->site);
	buf_init(&f->tmp);
	buf_printf(&f->out, "%s/out", f->dir);
	buf_printf(&f->site, "%s/site", f->dir);
	assert_int_equal(mkdir(f->site.data, 0755), 0);
	diag_init(&f->diag);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	publish_end(&f->pub);
	diag_release(&f->diag);
	struct buf cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf '%s'", f->dir);
	if (system(cmd.data) != 0)
		fprintf(stderr, "cannot remove %s\n", f->dir);
	buf_release(&cmd);
	buf_release(&f->out);
	buf_release(&f->site);
	buf_release(&f->tmp);
	free(f);
	return 0;
}

/* dir/rel as a path in f->tmp (overwritten by the next call). */
static const char *path_in(struct fixture *f, const char *dir, const char *rel)
{
	buf_reset(&f->tmp);
	buf_printf(&f->tmp, "%s/%s", dir, rel);
	return f->tmp.data;
}

/* Writes text to dir/rel, creating the folders on the way (mkdir fails
 * harmlessly on those that exist). */
static void write_file(const char *dir, const char *rel, const char *text)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, rel);
	for (char *p = path.data + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path.data, 0755);
			*p = '/';
		}
	FILE *fp = fopen(path.data, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	buf_release(&path);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* The number of entries of the test folder whose names start with
 * "out.ocopgen-". */
static int staging_folders(struct fixture *f)
{
	DIR *d = opendir(f->dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "out.ocopgen-", 12))
			n++;
	closedir(d);
	return n;
}

static bool has_error_with(const struct diag *d, const char *path,
			   const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR &&
		    (!path || !strcmp(d->items[i].path, path)) &&
		    strstr(d->items[i].msg, text))
			return true;
	return false;
}

static void test_refuses_foreign_folder(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(f->out.data, 0755), 0);
	write_file(f->out.data, "thesis.docx", "years of work");
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag),
		-1);
	assert_int_equal(f->diag.n, 1);
	assert_int_equal(f->diag.items[0].level, DIAG_ERROR);
	assert_string_equal(f->diag.items[0].path, f->out.data);
	assert_non_null(strstr(f->diag.items[0].msg, "not written by ocopgen"));
	/* Untouched, and nothing created beside it. */
	struct buf text = BUF_INIT;
	assert_int_equal(
		buf_read_file(&text, path_in(f, f->out.data, "thesis.docx")),
		0);
	assert_string_equal(text.data, "years of work");
	buf_release(&text);
	assert_false(exists(path_in(f, f->out.data, ".ocopgen")));
	assert_int_equal(staging_folders(f), 0);
	assert_null(f->pub.staging);
}

static void test_refuses_file_as_output(void **state)
{
	struct fixture *f = *state;
	write_file(f->dir, "out", "a file");
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag),
		-1);
	assert_int_equal(f->diag.n, 1);
	assert_true(has_error_with(&f->diag, f->out.data, "not a folder"));
	assert_int_equal(staging_folders(f), 0);
}

static void test_refuses_output_holding_site(void **state)
{
	struct fixture *f = *state;
	/* An output that ocopgen wrote, with the site moved inside it. */
	assert_int_equal(mkdir(f->out.data, 0755), 0);
	write_file(f->out.data, ".ocopgen", "marker");
	const char *site = path_in(f, f->out.data, "site");
	assert_int_equal(mkdir(site, 0755), 0);
	write_file(site, "content/site.json", "{}");
	char *site_dir = strdup(site);
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, site_dir, &f->diag), -1);
	assert_true(has_error_with(&f->diag, f->out.data, "holds the site"));
	assert_true(exists(path_in(f, site_dir, "content/site.json")));
	assert_int_equal(staging_folders(f), 0);
	free(site_dir);

	/* The output named as the site folder itself. */
	diag_release(&f->diag);
	diag_init(&f->diag);
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->out.data, &f->diag), -1);
	assert_true(has_error_with(&f->diag, f->out.data, "holds the site"));
	/* Another spelling of the same folder. */
	diag_release(&f->diag);
	diag_init(&f->diag);
	struct buf other = BUF_INIT;
	buf_printf(&other, "%s/./out/", f->dir);
	assert_int_equal(publish_begin(&f->pub, other.data,
				       path_in(f, f->out.data, "site/content"),
				       &f->diag),
			 -1);
	buf_release(&other);
	assert_int_equal(staging_folders(f), 0);
}

static void test_accepts_empty_and_missing_output(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	assert_int_equal(f->diag.n, 0);
	assert_non_null(f->pub.staging);
	/* Beside the output, with the marker inside. */
	assert_int_equal(strncmp(f->pub.staging, f->out.data, f->out.len), 0);
	assert_int_equal(
		strncmp(f->pub.staging + f->out.len, ".ocopgen-new-", 13), 0);
	assert_true(exists(path_in(f, f->pub.staging, ".ocopgen")));
	publish_end(&f->pub);
	assert_int_equal(staging_folders(f), 0);
	assert_false(exists(f->out.data));

	assert_int_equal(mkdir(f->out.data, 0755), 0);
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	assert_int_equal(f->diag.n, 0);
	assert_int_equal(staging_folders(f), 1);
}

static void test_check_links(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	const char *s = f->pub.staging;
	write_file(s, "index.html",
		   "<!DOCTYPE html>\n<html><head>\n"
		   "<link rel=\"stylesheet\" href=\"assets/style.css\">\n"
		   "</head><body>\n"
		   "<a href=\"vi/\">vi</a>\n"
		   "<a href=\"vi/index.html#top\">top</a>\n"
		   "<a href=\"vi/missing/\">broken</a>\n"
		   "<a href=\"https://example.com/x\">out</a>\n"
		   "<a href=\"mailto:a@b.vn\">mail</a>\n"
		   "<a href=\"#main\">here</a>\n"
		   "<a href=\"/ocop/vi/\">from the host's root</a>\n"
		   "<a href=\"/other/vi/\">not the site's path</a>\n"
		   "<a href=\"/ocop/vi/nothere/\">no page</a>\n"
		   "</body></html>\n");
	write_file(s, "vi/index.html",
		   "<!DOCTYPE html>\n<html><body>\n"
		   "<a href=\"../\">root</a>\n"
		   "<a href=\"products/mi%E1%BA%BFn/\">mien</a>\n"
		   "<img src=\"../assets/logo.png\" alt=\"\">\n"
		   "<a href=\"../../../etc/passwd\">up</a>\n"
		   "</body></html>\n");
	write_file(s, "vi/products/mi\xE1\xBA\xBFn/index.html",
		   "<html><body><a href=\"../../?q=x\">x</a></body></html>");
	write_file(s, "assets/style.css", "body{}");

	assert_int_equal(publish_check_links(&f->pub, "/ocop/", 2, &f->diag),
			 -1);
	struct buf root_page = BUF_INIT, vi_page = BUF_INIT;
	buf_printf(&root_page, "%s/index.html", f->out.data);
	buf_printf(&vi_page, "%s/vi/index.html", f->out.data);
	/* Reported at the page, as it will be in the output. */
	assert_true(has_error_with(&f->diag, root_page.data,
				   "href \"vi/missing/\""));
	assert_true(has_error_with(&f->diag, vi_page.data,
				   "\"../assets/logo.png\""));
	assert_true(has_error_with(&f->diag, vi_page.data,
				   "\"../../../etc/passwd\""));
	/* A link from the host's root is a site path only under root_base. */
	assert_true(has_error_with(&f->diag, root_page.data, "\"/other/vi/\""));
	assert_true(has_error_with(&f->diag, root_page.data,
				   "\"/ocop/vi/nothere/\""));
	/* Nothing else: the good links are not reported. */
	if (f->diag.n != 5) {
		for (size_t i = 0; i < f->diag.n; i++)
			print_error("%s:%d: %s\n", f->diag.items[i].path,
				    f->diag.items[i].line,
				    f->diag.items[i].msg);
		fail_msg("%zu reports, want 5", f->diag.n);
	}
	for (size_t i = 0; i < f->diag.n; i++)
		if (strstr(f->diag.items[i].msg, "missing/"))
			assert_int_equal(f->diag.items[i].line, 7);
	buf_release(&root_page);
	buf_release(&vi_page);

	/* With the files in place, the site passes. */
	diag_release(&f->diag);
	diag_init(&f->diag);
	write_file(s, "vi/missing/index.html", "<html><body></body></html>");
	write_file(s, "assets/logo.png", "png");
	write_file(s, "vi/index.html",
		   "<html><body><a href=\"../\">root</a>"
		   "<img src=\"../assets/logo.png\" alt=\"\"></body></html>");
	write_file(s, "index.html",
		   "<html><body><a href=\"/ocop/vi/\">vi</a></body></html>");
	assert_int_equal(publish_check_links(&f->pub, "/ocop/", 1, &f->diag),
			 0);
	assert_int_equal(f->diag.n, 0);
}

static void test_commit_swaps(void **state)
{
	struct fixture *f = *state;
	/* A previous build. */
	assert_int_equal(mkdir(f->out.data, 0755), 0);
	write_file(f->out.data, ".ocopgen", "marker");
	write_file(f->out.data, "old.html", "old");
	write_file(f->out.data, "vi/old/index.html", "old");

	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	write_file(f->pub.staging, "index.html", "new");
	write_file(f->pub.staging, "vi/index.html", "new vi");
	assert_int_equal(publish_commit(&f->pub, &f->diag), 0);
	assert_int_equal(f->diag.n, 0);

	assert_false(exists(path_in(f, f->out.data, "old.html")));
	assert_false(exists(path_in(f, f->out.data, "vi/old")));
	struct buf text = BUF_INIT;
	assert_int_equal(
		buf_read_file(&text, path_in(f, f->out.data, "vi/index.html")),
		0);
	assert_string_equal(text.data, "new vi");
	buf_release(&text);
	/* The new site can be replaced by the next build. */
	assert_true(exists(path_in(f, f->out.data, ".ocopgen")));
	assert_int_equal(staging_folders(f), 0);
	publish_end(&f->pub);
	assert_true(exists(path_in(f, f->out.data, "index.html")));

	/* And it is. */
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	write_file(f->pub.staging, "second.html", "2");
	assert_int_equal(publish_commit(&f->pub, &f->diag), 0);
	publish_end(&f->pub);
	assert_true(exists(path_in(f, f->out.data, "second.html")));
	assert_false(exists(path_in(f, f->out.data, "index.html")));
	assert_int_equal(staging_folders(f), 0);
}

static void test_commit_into_missing_output(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	write_file(f->pub.staging, "index.html", "new");
	assert_int_equal(publish_commit(&f->pub, &f->diag), 0);
	publish_end(&f->pub);
	assert_true(exists(path_in(f, f->out.data, "index.html")));
	assert_true(exists(path_in(f, f->out.data, ".ocopgen")));
	assert_int_equal(staging_folders(f), 0);
}

static void test_end_without_commit_leaves_output(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(f->out.data, 0755), 0);
	write_file(f->out.data, ".ocopgen", "marker");
	write_file(f->out.data, "old.html", "old");
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	write_file(f->pub.staging, "index.html", "new");
	publish_end(&f->pub);
	assert_true(exists(path_in(f, f->out.data, "old.html")));
	assert_false(exists(path_in(f, f->out.data, "index.html")));
	assert_int_equal(staging_folders(f), 0);
}

static void test_stale_staging_folders(void **state)
{
	struct fixture *f = *state;
	/* Left by killed builds: ocopgen's, with the marker. */
	const char *stale = path_in(f, f->dir, "out.ocopgen-new-Ab12Cd");
	char *stale_new = strdup(stale);
	write_file(stale_new, ".ocopgen", "marker");
	write_file(stale_new, "vi/products/x/index.html", "half");
	stale = path_in(f, f->dir, "out.ocopgen-old-4242");
	char *stale_old = strdup(stale);
	write_file(stale_old, ".ocopgen", "marker");
	write_file(stale_old, "index.html", "old");
	/* Not ocopgen's: no marker. */
	stale = path_in(f, f->dir, "out.ocopgen-new-Zz99Yy");
	char *foreign = strdup(stale);
	write_file(foreign, "notes.txt", "mine");
	/* Beside another output. */
	stale = path_in(f, f->dir, "other.ocopgen-new-Qq11Ww");
	char *other = strdup(stale);
	write_file(other, ".ocopgen", "marker");

	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	assert_int_equal(f->diag.n, 0);
	assert_false(exists(stale_new));
	assert_false(exists(stale_old));
	assert_true(exists(path_in(f, foreign, "notes.txt")));
	assert_true(exists(path_in(f, other, ".ocopgen")));
	/* The fresh staging folder and the foreign one. */
	assert_int_equal(staging_folders(f), 2);
	assert_true(exists(f->pub.staging));
	free(stale_new);
	free(stale_old);
	free(foreign);
	free(other);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	xmlInitParser();
	const struct CMUnitTest tests[] = {
		T(test_refuses_foreign_folder),
		T(test_refuses_file_as_output),
		T(test_refuses_output_holding_site),
		T(test_accepts_empty_and_missing_output),
		T(test_check_links),
		T(test_commit_swaps),
		T(test_commit_into_missing_output),
		T(test_end_without_commit_leaves_output),
		T(test_stale_staging_folders),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return failed;
}
