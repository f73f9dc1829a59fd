/* The file-system helpers: folders made, files written whole or not at
 * all, trees removed without following links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"

struct fixture {
	char dir[64];
	struct buf path;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/test_fs.XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fs_remove_tree(f->dir, NULL);
	buf_release(&f->path);
	free(f);
	return 0;
}

/* f->dir/rel, valid until the next call. */
static const char *in(struct fixture *f, const char *rel)
{
	buf_reset(&f->path);
	buf_printf(&f->path, "%s/%s", f->dir, rel);
	return f->path.data;
}

static char *read_all(const char *path)
{
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Everything written, the descriptor closed; a full disk (/dev/full) is
 * ENOSPC. */
static void test_write_all_close(void **state)
{
	struct fixture *f = *state;
	int fd = open(in(f, "a.txt"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	const char *text = "miến dong";
	assert_int_equal(fs_write_all_close(fd, text, strlen(text)), 0);
	assert_int_equal(close(fd), -1); /* already closed */
	char *got = read_all(in(f, "a.txt"));
	assert_string_equal(got, "miến dong");
	free(got);

	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		skip();
	errno = 0;
	assert_int_equal(fs_write_all_close(fd, "x", 1), -1);
	assert_int_equal(errno, ENOSPC);
}

static void test_mkdir_p(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(fs_mkdir_p(in(f, "a/b/c")), 0);
	struct stat st;
	assert_int_equal(stat(in(f, "a/b/c"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Again: the folders exist, which is no error. */
	assert_int_equal(fs_mkdir_p(in(f, "a/b/c/")), 0);
	/* A file in the way is. */
	assert_int_equal(fs_write_new(in(f, "file"), 0, "x", 1), 0);
	errno = 0;
	assert_int_equal(fs_mkdir_p(in(f, "file/sub")), -1);
	assert_int_equal(errno, ENOTDIR);
}

/* A new file gets its folders; an existing one is never overwritten. */
static void test_write_new(void **state)
{
	struct fixture *f = *state;
	size_t from = strlen(f->dir) + 1;
	assert_int_equal(
		fs_write_new(in(f, "vi/products/x/index.html"), from, "<p>", 3),
		0);
	char *got = read_all(in(f, "vi/products/x/index.html"));
	assert_string_equal(got, "<p>");
	free(got);
	errno = 0;
	assert_int_equal(fs_write_new(in(f, "vi/products/x/index.html"), from,
				      "again", 5),
			 -1);
	assert_int_equal(errno, EEXIST);
	got = read_all(in(f, "vi/products/x/index.html"));
	assert_string_equal(got, "<p>");
	free(got);
}

/* The file is replaced whole, and no temporary file is left beside it. */
static void test_write_atomic(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(fs_write_atomic(in(f, "c"), "old", 3), 0);
	assert_int_equal(fs_write_atomic(in(f, "c"), "new!", 4), 0);
	char *got = read_all(in(f, "c"));
	assert_string_equal(got, "new!");
	free(got);
	assert_true(fs_is_file(in(f, "c")));
	assert_false(fs_is_file(f->dir));
	/* Into a folder that is not there: an error, nothing written. */
	assert_int_equal(fs_write_atomic(in(f, "none/c"), "x", 1), -1);
	assert_int_equal(errno, ENOENT);
	int n = 0;
	DIR *d = opendir(f->dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 1);
}

/* The tree goes, links in it are removed and not followed. */
static void test_remove_tree(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(fs_write_new(in(f, "tree/.ocopgen"), 0, "m", 1), 0);
	assert_int_equal(fs_write_new(in(f, "tree/a/b/c/d.txt"), 0, "x", 1), 0);
	assert_int_equal(fs_write_new(in(f, "keep/keep.txt"), 0, "k", 1), 0);
	char *target = strdup(in(f, "keep"));
	assert_int_equal(symlink(target, in(f, "tree/link")), 0);
	free(target);
	char *tree = strdup(in(f, "tree"));
	assert_int_equal(fs_remove_tree(tree, ".ocopgen"), 0);
	free(tree);
	assert_int_equal(access(in(f, "tree"), F_OK), -1);
	assert_true(fs_is_file(in(f, "keep/keep.txt")));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_write_all_close), T(test_mkdir_p),     T(test_write_new),
		T(test_write_atomic),	 T(test_remove_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
