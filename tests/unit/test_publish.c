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
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "manifest.h"
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

/* Gives publish the file with text as its bytes, and adds it to site. */
static void put(struct fixture *f, struct manifest *site, const char *file,
		const char *text)
{
	XXH128_hash_t hash = XXH3_128bits(text, strlen(text));
	struct file_stamp stamp;
	publish_file(&f->pub, file, hash, text, strlen(text), &stamp);
	manifest_add(site, file, hash, (XXH128_hash_t){0, 0}, stamp);
}

/* Publishes the files (name, text, name, text..., NULL) as one build. */
static void build(struct fixture *f, ...)
{
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	struct manifest site = {0};
	va_list ap;
	va_start(ap, f);
	const char *file;
	while ((file = va_arg(ap, const char *))) {
		const char *text = va_arg(ap, const char *);
		put(f, &site, file, text);
	}
	va_end(ap);
	manifest_seal(&site);
	assert_int_equal(publish_commit(&f->pub, &site, &f->diag), 0);
	manifest_release(&site);
}

static ino_t inode(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_ino;
}

static char *read_text(const char *path)
{
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
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
	assert_string_equal(f->pub.staging + f->out.len, ".ocopgen-spare");
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

static void test_commit_swaps(void **state)
{
	struct fixture *f = *state;
	/* A previous build, by a version that kept no manifest. */
	assert_int_equal(mkdir(f->out.data, 0755), 0);
	write_file(f->out.data, ".ocopgen", "marker");
	write_file(f->out.data, "old.html", "old");
	write_file(f->out.data, "vi/old/index.html", "old");

	build(f, "index.html", "new", "vi/index.html", "new vi", NULL);
	assert_int_equal(f->diag.n, 0);
	assert_false(exists(path_in(f, f->out.data, "old.html")));
	assert_false(exists(path_in(f, f->out.data, "vi/old")));
	char *text = read_text(path_in(f, f->out.data, "vi/index.html"));
	assert_string_equal(text, "new vi");
	free(text);
	/* The new site can be replaced by the next build. */
	assert_true(exists(path_in(f, f->out.data, ".ocopgen")));
	/* The previous site stays beside it, as the spare. */
	assert_int_equal(staging_folders(f), 1);
	assert_true(exists(path_in(f, f->dir, "out.ocopgen-spare/old.html")));
	publish_end(&f->pub);
	assert_true(exists(path_in(f, f->out.data, "index.html")));

	/* And it is. */
	build(f, "second.html", "2", NULL);
	publish_end(&f->pub);
	assert_true(exists(path_in(f, f->out.data, "second.html")));
	assert_false(exists(path_in(f, f->out.data, "index.html")));
	assert_int_equal(staging_folders(f), 1);
}

/* Builds that change little write little: a file whose bytes the spare or
 * the output holds is not written again, and the output is always the
 * whole site of one build. */
static void test_incremental(void **state)
{
	struct fixture *f = *state;
	build(f, "a.html", "A", "vi/b.html", "B", "vi/c/index.html", "C", NULL);
	assert_int_equal(atomic_load(&f->pub.written), 3);
	publish_end(&f->pub);
	/* No previous site: no spare. */
	assert_int_equal(staging_folders(f), 0);

	/* b changes, c goes, d comes. a is linked from the output. */
	build(f, "a.html", "A", "vi/b.html", "B2", "d.html", "D", NULL);
	assert_int_equal(atomic_load(&f->pub.written), 2);
	assert_int_equal(atomic_load(&f->pub.linked), 1);
	publish_end(&f->pub);
	char *spare = strdup(path_in(f, f->dir, "out.ocopgen-spare"));
	char *a_out = strdup(path_in(f, f->out.data, "a.html"));
	assert_int_equal(inode(a_out), inode(path_in(f, spare, "a.html")));
	char *text = read_text(path_in(f, f->out.data, "vi/b.html"));
	assert_string_equal(text, "B2");
	free(text);
	assert_false(exists(path_in(f, f->out.data, "vi/c")));
	/* The spare is the previous site, whole. */
	text = read_text(path_in(f, spare, "vi/b.html"));
	assert_string_equal(text, "B");
	free(text);
	assert_true(exists(path_in(f, spare, "vi/c/index.html")));

	/* The same site again: nothing is written; the spare, one build
	 * behind, is brought up to date with links, c and its folder go. */
	build(f, "a.html", "A", "vi/b.html", "B2", "d.html", "D", NULL);
	assert_int_equal(atomic_load(&f->pub.written), 0);
	assert_int_equal(atomic_load(&f->pub.linked), 2);
	assert_int_equal(atomic_load(&f->pub.removed), 1);
	publish_end(&f->pub);
	assert_false(exists(path_in(f, spare, "vi/c")));
	text = read_text(path_in(f, f->out.data, "vi/b.html"));
	assert_string_equal(text, "B2");
	free(text);
	/* The output's b was never written in place: the spare's old b is
	 * still "B2" under the other name too, and the first B is gone. */
	text = read_text(path_in(f, spare, "vi/b.html"));
	assert_string_equal(text, "B2");
	free(text);

	/* And once more: the spare already holds every file, and its
	 * marker, not even rewritten, becomes the output's. */
	ino_t marker = inode(path_in(f, spare, ".ocopgen"));
	build(f, "a.html", "A", "vi/b.html", "B2", "d.html", "D", NULL);
	assert_int_equal(atomic_load(&f->pub.written), 0);
	assert_int_equal(atomic_load(&f->pub.linked), 0);
	publish_end(&f->pub);
	assert_int_equal(inode(path_in(f, f->out.data, ".ocopgen")), marker);
	/* The manifest describes the output. */
	struct manifest m;
	assert_int_equal(manifest_read(&m, path_in(f, f->out.data, ".ocopgen")),
			 0);
	assert_int_equal(m.n, 3);
	const struct manifest_entry *e = manifest_find(&m, "vi/b.html");
	assert_non_null(e);
	assert_true(hash_equal(e->hash, XXH3_128bits("B2", 2)));
	manifest_release(&m);
	free(spare);
	free(a_out);
}

/* A build killed while it brought the spare up to date leaves a spare
 * whose marker holds no manifest: the next build does not trust it. */
static void test_killed_spare(void **state)
{
	struct fixture *f = *state;
	build(f, "a.html", "A", NULL);
	publish_end(&f->pub);
	build(f, "a.html", "A2", NULL);
	publish_end(&f->pub);
	/* The spare holds A. A kill while it was being changed: */
	char *spare = strdup(path_in(f, f->dir, "out.ocopgen-spare"));
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	/* Nothing changed yet: the spare's manifest stands. */
	char *marker = read_text(path_in(f, spare, ".ocopgen"));
	assert_non_null(strstr(marker, "manifest"));
	free(marker);
	struct manifest site = {0};
	put(f, &site, "b.html", "B");
	manifest_release(&site);
	write_file(spare, "a.html", "half of A3");
	write_file(spare, "junk.html", "half");
	/* (no commit, no end: the process is gone) */
	free(f->pub.staging);
	f->pub.staging = NULL;
	publish_end(&f->pub);
	marker = read_text(path_in(f, spare, ".ocopgen"));
	assert_null(strstr(marker, "manifest"));
	free(marker);

	/* The next build makes a new spare, and writes A3 rather than trust
	 * the half-written file. */
	build(f, "a.html", "half of A3", NULL);
	assert_int_equal(atomic_load(&f->pub.written), 1);
	publish_end(&f->pub);
	char *text = read_text(path_in(f, f->out.data, "a.html"));
	assert_string_equal(text, "half of A3");
	free(text);
	assert_false(exists(path_in(f, f->out.data, "junk.html")));
	assert_false(exists(path_in(f, spare, "junk.html")));
	text = read_text(path_in(f, spare, "a.html"));
	assert_string_equal(text, "A2");
	free(text);
	free(spare);
}

/* A file removed from the output by hand: the build that would link it
 * from there asks for its bytes instead, and the site comes out whole. */
static void test_file_removed_from_output(void **state)
{
	struct fixture *f = *state;
	build(f, "a.html", "A", "b.html", "B", NULL);
	publish_end(&f->pub);
	assert_int_equal(unlink(path_in(f, f->out.data, "a.html")), 0);
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	XXH128_hash_t a = XXH3_128bits("A", 1), b = XXH3_128bits("B", 1);
	struct file_stamp sa, sb;
	assert_int_equal(publish_file(&f->pub, "a.html", a, NULL, 0, &sa), 1);
	assert_int_equal(publish_file(&f->pub, "a.html", a, "A", 1, &sa), 0);
	assert_int_equal(publish_file(&f->pub, "b.html", b, NULL, 0, &sb), 0);
	struct manifest site = {0};
	manifest_add(&site, "a.html", a, (XXH128_hash_t){0, 0}, sa);
	manifest_add(&site, "b.html", b, (XXH128_hash_t){0, 0}, sb);
	manifest_seal(&site);
	assert_int_equal(publish_commit(&f->pub, &site, &f->diag), 0);
	manifest_release(&site);
	assert_int_equal(f->diag.n, 0);
	publish_end(&f->pub);
	char *text = read_text(path_in(f, f->out.data, "a.html"));
	assert_string_equal(text, "A");
	free(text);
	text = read_text(path_in(f, f->out.data, "b.html"));
	assert_string_equal(text, "B");
	free(text);
}

/* A folder at the spare's name that ocopgen did not write is not
 * touched. */
static void test_foreign_spare(void **state)
{
	struct fixture *f = *state;
	const char *spare = path_in(f, f->dir, "out.ocopgen-spare");
	char *copy = strdup(spare);
	write_file(copy, "notes.txt", "mine");
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag),
		-1);
	assert_true(has_error_with(&f->diag, copy, "not written by ocopgen"));
	publish_end(&f->pub);
	assert_true(exists(path_in(f, copy, "notes.txt")));
	free(copy);
}

static void test_commit_into_missing_output(void **state)
{
	struct fixture *f = *state;
	build(f, "index.html", "new", NULL);
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
	struct manifest site = {0};
	put(f, &site, "index.html", "new");
	manifest_release(&site);
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
	/* The spare and the foreign one. */
	assert_int_equal(staging_folders(f), 2);
	assert_true(exists(f->pub.staging));
	free(stale_new);
	free(stale_old);
	free(foreign);
	free(other);
}

/* A published file edited in place (the output's and the spare's are one
 * file, hard-linked), and links planted in the spare, one over a listed
 * file and one beside: the next builds publish the site's bytes, never
 * a link. */
static void test_files_changed_by_hand(void **state)
{
	struct fixture *f = *state;
	build(f, "a.html", "A", "b.html", "B", NULL);
	publish_end(&f->pub);
	build(f, "a.html", "A", "b.html", "B", NULL);
	publish_end(&f->pub);
	struct buf sp = BUF_INIT;
	buf_printf(&sp, "%s.ocopgen-spare", f->out.data);
	FILE *fp = fopen(path_in(f, f->out.data, "a.html"), "a");
	assert_non_null(fp);
	fputs(" edited", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(unlink(path_in(f, sp.data, "b.html")), 0);
	assert_int_equal(symlink("/etc/passwd", path_in(f, sp.data, "b.html")),
			 0);
	assert_int_equal(symlink("/etc", path_in(f, sp.data, "etc")), 0);
	build(f, "a.html", "A", "b.html", "B", NULL);
	publish_end(&f->pub);
	char *text = read_text(path_in(f, f->out.data, "a.html"));
	assert_string_equal(text, "A");
	free(text);
	struct stat st;
	assert_int_equal(lstat(path_in(f, f->out.data, "b.html"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	text = read_text(path_in(f, f->out.data, "b.html"));
	assert_string_equal(text, "B");
	free(text);
	assert_false(exists(path_in(f, f->out.data, "etc")));
	/* The same size, changed after the marker: made again. */
	struct timespec later = {0, 0};
	clock_gettime(CLOCK_REALTIME, &later);
	later.tv_sec += 5;
	fp = fopen(path_in(f, f->out.data, "a.html"), "r+");
	assert_non_null(fp);
	fputs("Y", fp);
	assert_int_equal(fclose(fp), 0);
	struct timespec when[2] = {later, later};
	assert_int_equal(
		utimensat(AT_FDCWD, path_in(f, f->out.data, "a.html"), when, 0),
		0);
	build(f, "a.html", "A", "b.html", "B", NULL);
	publish_end(&f->pub);
	text = read_text(path_in(f, f->out.data, "a.html"));
	assert_string_equal(text, "A");
	free(text);
	/* The edit the build before cannot see without reading: the same
	 * size, its time put back; --verify reads it. */
	build(f, "a.html", "A", "b.html", "B", NULL);
	publish_end(&f->pub);
	const char *a = path_in(f, f->out.data, "a.html");
	assert_int_equal(lstat(a, &st), 0);
	fp = fopen(a, "r+");
	assert_non_null(fp);
	fputs("Z", fp);
	assert_int_equal(fclose(fp), 0);
	struct timespec times[2] = {st.st_atim, st.st_mtim};
	assert_int_equal(utimensat(AT_FDCWD, a, times, 0), 0);
	build(f, "a.html", "A", "b.html", "B", NULL);
	publish_end(&f->pub);
	text = read_text(path_in(f, f->out.data, "a.html"));
	assert_string_equal(text, "Z");
	free(text);
	assert_int_equal(
		publish_begin(&f->pub, f->out.data, f->site.data, &f->diag), 0);
	f->pub.verify = true;
	struct manifest site = {0};
	put(f, &site, "a.html", "A");
	put(f, &site, "b.html", "B");
	manifest_seal(&site);
	assert_int_equal(publish_commit(&f->pub, &site, &f->diag), 0);
	manifest_release(&site);
	publish_end(&f->pub);
	text = read_text(path_in(f, f->out.data, "a.html"));
	assert_string_equal(text, "A");
	free(text);
	buf_release(&sp);
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
		T(test_commit_swaps),
		T(test_incremental),
		T(test_killed_spare),
		T(test_foreign_spare),
		T(test_file_removed_from_output),
		T(test_commit_into_missing_output),
		T(test_end_without_commit_leaves_output),
		T(test_stale_staging_folders),
		T(test_files_changed_by_hand),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return failed;
}
