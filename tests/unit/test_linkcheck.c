/*
 * The link check: every href, src and srcset of a page leads to a file of
 * the new site, checked from the page's bytes in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libxml/parser.h>
#include <string.h>

#include "diag.h"
#include "linkcheck.h"

/* The files of the site, sorted. */
static const char *const files[] = {
	"assets/style.css",
	"index.html",
	"vi/index.html",
	"vi/products/mi\xE1\xBA\xBFn/index.html",
};

static const struct link_site site = {files, 4, "/ocop/"};

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

static size_t check(struct diag *d, const char *file, const char *html)
{
	char shown[256];
	snprintf(shown, sizeof(shown), "public/%s", file);
	return linkcheck_page(&site, file, shown, html, strlen(html), NULL, d);
}

static void print_all(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_error("%s:%d: %s\n", d->items[i].path, d->items[i].line,
			    d->items[i].msg);
}

static void test_broken_links(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	size_t n = check(&d, "index.html",
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
	n += check(&d, "vi/index.html",
		   "<!DOCTYPE html>\n<html><body>\n"
		   "<a href=\"../\">root</a>\n"
		   "<a href=\"products/mi%E1%BA%BFn/\">mien</a>\n"
		   "<img src=\"../assets/logo.png\" alt=\"\">\n"
		   "<img srcset=\"../assets/style.css 1x, ../assets/x.webp "
		   "2x\" alt=\"\">\n"
		   "<a href=\"../../../etc/passwd\">up</a>\n"
		   "</body></html>\n");
	n += check(&d, "vi/products/mi\xE1\xBA\xBFn/index.html",
		   "<html><body><a href=\"../../?q=x\">x</a></body></html>");
	/* Reported at the page, as it is in the output. */
	assert_true(has_error_with(&d, "public/index.html",
				   "href \"vi/missing/\""));
	assert_true(has_error_with(&d, "public/vi/index.html",
				   "\"../assets/logo.png\""));
	assert_true(has_error_with(&d, "public/vi/index.html",
				   "srcset \"../assets/x.webp\""));
	assert_true(has_error_with(&d, "public/vi/index.html",
				   "\"../../../etc/passwd\""));
	/* A link from the host's root is a site path only under root_base. */
	assert_true(has_error_with(&d, "public/index.html", "\"/other/vi/\""));
	assert_true(has_error_with(&d, "public/index.html",
				   "\"/ocop/vi/nothere/\""));
	/* Nothing else: the good links are not reported. */
	if (d.n != 6 || n != 6) {
		print_all(&d);
		fail_msg("%zu reports (%zu counted), want 6", d.n, n);
	}
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.items[i].msg, "missing/"))
			assert_int_equal(d.items[i].line, 7);
	diag_release(&d);
}

static void test_good_links(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	assert_int_equal(
		check(&d, "vi/index.html",
		      "<html><body><a href=\"../\">root</a>"
		      "<a href=\"./\">here</a>"
		      "<a href=\"../index.html\">root</a>"
		      "<link href=\"../assets/style.css\" rel=\"stylesheet\">"
		      "</body></html>"),
		0);
	assert_int_equal(check(&d, "index.html",
			       "<html><body><a href=\"/ocop/vi/\">vi</a>"
			       "</body></html>"),
			 0);
	assert_int_equal(d.n, 0);
	diag_release(&d);
}

/* The links a template reports are checked as the whole page would be:
 * the same reports, at the same lines. */
static void test_template_links(void **state)
{
	(void)state;
	const char *html = "<!DOCTYPE html>\n<html><body>\n"
			   "<a href=\"vi/missing/\">broken</a>\n"
			   "<a href=\"a&amp;b/\">escaped</a>\n"
			   "<img srcset=\"assets/style.css 1x, assets/x.webp "
			   "2x\" alt=\"\">\n"
			   "<div><p>Body</p>\n<p><a href=\"gone/\">gone</a>\n"
			   "<a href=\"vi/\">ok</a></p></div>\n"
			   "<a href=\"vi/\">fine</a>\n"
			   "</body></html>\n";
	/* Where a template wrote them: two attribute values, a srcset, the
	 * markup of a data-html value, one more attribute. */
	const char *starts[] = {"vi/missing/", "a&amp;b/", "assets/style.css",
				"<p>Body", "vi/\">fine"};
	const char *attrs[] = {"href", "href", "srcset", NULL, "href"};
	size_t lens[] = {11, 8, 35, 0, 3};
	struct template_link items[5];
	for (int i = 0; i < 5; i++) {
		const char *at = strstr(html, starts[i]);
		assert_non_null(at);
		items[i] = (struct template_link){attrs[i], (size_t)(at - html),
						  lens[i]};
	}
	const char *end = strstr(html, "</p></div>") + 4;
	items[3].len = (size_t)(end - (html + items[3].off));
	struct template_links links = {items, 5, 5};

	struct diag listed, parsed;
	diag_init(&listed);
	diag_init(&parsed);
	size_t a = linkcheck_page(&site, "index.html", "public/index.html",
				  html, strlen(html), &links, &listed);
	size_t b = linkcheck_page(&site, "index.html", "public/index.html",
				  html, strlen(html), NULL, &parsed);
	if (a != 4 || b != 4) {
		print_all(&listed);
		print_all(&parsed);
		fail_msg("%zu and %zu reports, want 4", a, b);
	}
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(listed.items[i].msg, parsed.items[i].msg);
		assert_int_equal(listed.items[i].line, parsed.items[i].line);
	}
	assert_true(has_error_with(&listed, NULL, "href \"a&b/\""));
	assert_true(has_error_with(&listed, NULL, "srcset \"assets/x.webp\""));
	assert_true(has_error_with(&listed, NULL, "href \"gone/\""));
	diag_release(&listed);
	diag_release(&parsed);
}

int main(void)
{
	xmlInitParser();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_links),
		cmocka_unit_test(test_good_links),
		cmocka_unit_test(test_template_links),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return failed;
}
