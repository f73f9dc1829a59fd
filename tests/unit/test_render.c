/* render over a read-only model: one loaded model gives the web site and
 * the kiosk copy, in any order and as often as asked, each byte for byte
 * what a model of its own gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "images.h"
#include "load.h"
#include "model.h"
#include "publish.h"
#include "render.h"
#include "theme.h"
#include "util.h"
#include "validate.h"

#define CONTENT "tests/golden/basic"

struct built {
	struct diag d;
	struct model m;
	struct theme th;
	struct images images;
};

static char tmp[64];

static void site_load(struct built *s)
{
	memset(s, 0, sizeof(*s));
	diag_init(&s->d);
	s->m.today = (struct date){2025, 10, 9};
	assert_int_equal(load_content(&s->m, CONTENT, "", 2, &s->d), 0);
	assert_int_equal(theme_load(&s->th, CONTENT, &s->m.site, &s->d), 0);
	theme_name_groups(&s->th, &s->m, &s->d);
	assert_int_equal(validate_model(&s->m, &s->d), 0);
	struct buf cache = BUF_INIT;
	buf_printf(&cache, "%s/cache", tmp);
	struct images_opts io = {.threads = 2};
	assert_int_equal(
		images_process(&s->images, &s->m, cache.data, &io, &s->d), 0);
	buf_release(&cache);
}

static void site_release(struct built *s)
{
	images_release(&s->images);
	theme_release(&s->th);
	model_release(&s->m);
	diag_release(&s->d);
}

/* Renders s into tmp/name; returns the folder (static storage). */
static const char *render_into(struct built *s, const char *name, bool kiosk)
{
	static char out[8][128];
	static int next;
	char *dir = out[next++ % 8];
	snprintf(dir, sizeof(out[0]), "%s/%s", tmp, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	struct render_opts o = {.kiosk = kiosk, .threads = 2};
	struct publish pub;
	assert_int_equal(publish_begin(&pub, dir, CONTENT, &s->d), 0);
	struct render_result res;
	int rc = render_site(&s->m, &s->th, &s->images, &o, &pub, &res, &s->d);
	if (rc < 0 || res.files < 20)
		diag_print(&s->d, stderr, 0);
	assert_int_equal(rc, 0);
	assert_true(res.files >= 20);
	/* A new folder: every file made and written. */
	assert_int_equal(res.made, res.files);
	assert_int_equal(publish_commit(&pub, &res.site, &s->d), 0);
	assert_int_equal(atomic_load(&pub.written), res.files);
	manifest_release(&res.site);
	publish_end(&pub);
	assert_int_equal(diag_error_count(&s->d), 0);
	return dir;
}

/* The files below a folder, as "path\0bytes" records, in name order. */
static struct buf listing;
static const char *listing_root;

static int collect(const char *path, const struct stat *st, int flag,
		   struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	buf_printf(&listing, "%s", path + strlen(listing_root));
	buf_addc(&listing, '\0');
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file's path and bytes, sorted by path, as one string. The caller
 * frees it. */
static char *tree(const char *dir, size_t *len)
{
	buf_reset(&listing);
	listing_root = dir;
	assert_int_equal(nftw(dir, collect, 16, FTW_PHYS), 0);
	size_t n = 0;
	for (size_t i = 0; i < listing.len; i += strlen(listing.data + i) + 1)
		n++;
	char **names = xcalloc(n, sizeof(*names));
	n = 0;
	for (size_t i = 0; i < listing.len; i += strlen(listing.data + i) + 1)
		names[n++] = listing.data + i;
	qsort(names, n, sizeof(*names), cmp_str);
	struct buf all = BUF_INIT, path = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_printf(&all, "== %s\n", names[i]);
		buf_reset(&path);
		buf_printf(&path, "%s%s", dir, names[i]);
		assert_int_equal(buf_read_file(&all, path.data), 0);
	}
	free(names);
	buf_release(&path);
	return buf_detach(&all, len);
}

static void assert_same_tree(const char *a, const char *b)
{
	size_t na, nb;
	char *ta = tree(a, &na), *tb = tree(b, &nb);
	if (na != nb || memcmp(ta, tb, na))
		fail_msg("%s and %s differ", a, b);
	free(ta);
	free(tb);
}

static void test_one_model_gives_both_sites(void **state)
{
	(void)state;
	struct built one;
	site_load(&one);
	const char *web = render_into(&one, "web", false);
	const char *kiosk = render_into(&one, "kiosk", true);
	const char *web_again = render_into(&one, "web-again", false);
	site_release(&one);

	struct built fresh;
	site_load(&fresh);
	const char *kiosk_alone = render_into(&fresh, "kiosk-alone", true);
	site_release(&fresh);
	site_load(&fresh);
	const char *web_alone = render_into(&fresh, "web-alone", false);
	site_release(&fresh);

	assert_same_tree(web, web_alone);
	assert_same_tree(web, web_again);
	assert_same_tree(kiosk, kiosk_alone);
	/* The two flavours do differ, so the comparisons above can fail. */
	size_t nw, nk;
	char *tw = tree(web, &nw), *tk = tree(kiosk, &nk);
	assert_false(nw == nk && !memcmp(tw, tk, nw));
	free(tw);
	free(tk);
}

static int setup(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/test_render.XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	buf_release(&listing);
	return fs_remove_tree(tmp, NULL);
}

int main(void)
{
	xmlInitParser();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_model_gives_both_sites),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	xmlCleanupParser();
	return rc;
}
