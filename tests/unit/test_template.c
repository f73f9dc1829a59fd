/*
 * Templates: each test writes a small theme into a temporary folder, loads
 * it and compares the page, or the diagnostics, with what docs/themes.md
 * promises.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "template.h"
#include "util.h"

struct fixture {
	char dir[64];
	struct arena arena;
	struct diag diag;
	struct template_set *set;
	struct buf out;
	struct value *ctx;
	/* The files written, as template_set_load takes them. */
	char names[32][64], paths[32][256];
	size_t nfiles;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	strcpy(f->dir, "/tmp/test_template.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	char partials[128];
	snprintf(partials, sizeof(partials), "%s/partials", f->dir);
	assert_int_equal(mkdir(partials, 0700), 0);
	diag_init(&f->diag);
	buf_init(&f->out);
	f->ctx = value_map(&f->arena);
	*state = f;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	template_set_free(f->set);
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	diag_release(&f->diag);
	buf_release(&f->out);
	arena_release(&f->arena);
	free(f);
	return 0;
}

static void write_file(struct fixture *f, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	size_t i;
	for (i = 0; i < f->nfiles && strcmp(f->names[i], name); i++)
		;
	assert_true(i < 32);
	snprintf(f->names[i], sizeof(f->names[i]), "%s", name);
	snprintf(f->paths[i], sizeof(f->paths[i]), "%s", path);
	if (i == f->nfiles)
		f->nfiles++;
}

static void load(struct fixture *f)
{
	struct template_file files[32];
	size_t n = 0;
	for (size_t i = 0; i < f->nfiles; i++) {
		size_t len = strlen(f->names[i]);
		if (len > 5 && !strcmp(f->names[i] + len - 5, ".html"))
			files[n++] = (struct template_file){f->names[i],
							    f->paths[i]};
	}
	f->set = template_set_load(files, n, &f->diag);
}

/* Loads the theme, which must compile, and renders template name. */
static const char *render_env(struct fixture *f, const char *name, int depth,
			      bool kiosk, int want_rc)
{
	if (!f->set)
		load(f);
	if (!f->set)
		diag_print(&f->diag, stderr, 0);
	assert_non_null(f->set);
	const struct template *t = template_find(f->set, name);
	assert_non_null(t);
	struct template_env env = {
		.depth = depth, .kiosk = kiosk, .page_lang = "en"};
	buf_reset(&f->out);
	int rc = template_run(t, f->ctx, &env, &f->out, &f->diag);
	if (rc != want_rc)
		diag_print(&f->diag, stderr, 0);
	assert_int_equal(rc, want_rc);
	return f->out.data;
}

/* Writes body as page.html and renders it at the site root. */
static const char *render(struct fixture *f, const char *body)
{
	write_file(f, "page.html", body);
	return render_env(f, "page", 0, false, 0);
}

static int qr_stand_in(struct buf *out, const char *arg)
{
	buf_printf(out, "<svg><a href=\"%s\"/></svg>", arg);
	return 0;
}

static void set(struct fixture *f, const char *key, const struct value *v)
{
	value_map_set(&f->arena, f->ctx, key, v);
}

static const struct value *str(struct fixture *f, const char *s)
{
	return value_str(&f->arena, s);
}

/* Asserts that an error at path (relative to the theme) and line has a
 * message containing text. */
static void assert_diag(struct fixture *f, const char *file, int line,
			const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", f->dir, file);
	for (size_t i = 0; i < f->diag.n; i++) {
		struct diag_entry *e = &f->diag.items[i];
		if (e->level == DIAG_ERROR && !strcmp(e->path, path) &&
		    e->line == line && strstr(e->msg, text))
			return;
	}
	diag_print(&f->diag, stderr, 0);
	fail_msg("no error \"%s\" at %s:%d", text, path, line);
}

static void test_text_is_escaped(void **state)
{
	struct fixture *f = *state;
	set(f, "name", str(f, "<script>alert(\"x\")</script> & co"));
	set(f, "n", value_int(&f->arena, -42));
	assert_string_equal(
		render(f, "<p><b data-text=\"name\">sample</b>"
			  "<i data-text=\"n\">0</i></p>"),
		"<p><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
		"&amp; co</b><i>-42</i></p>\n");
}

static void test_html_is_trusted_only_when_html(void **state)
{
	struct fixture *f = *state;
	set(f, "body", value_html(&f->arena, "<p>a &amp; b</p>", NULL));
	set(f, "plain", str(f, "<p>"));
	assert_string_equal(render(f, "<div><div data-html=\"body\">x</div>"
				      "<div data-html=\"plain\">x</div></div>"),
			    "<div><div><p>a &amp; b</p></div>"
			    "<div>&lt;p&gt;</div></div>\n");
}

static void test_attribute_values_are_escaped(void **state)
{
	struct fixture *f = *state;
	set(f, "alt", str(f, "\"><script>alert(1)</script>"));
	assert_string_equal(
		render(f, "<img alt=\"sample\" data-attr-alt=\"alt\"/>"),
		"<img alt=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
		"\n");
}

static void test_unsafe_urls_become_hash(void **state)
{
	struct fixture *f = *state;
	set(f, "js", str(f, "javascript:alert(1)"));
	set(f, "tab", str(f, "JaVa\tScript:alert(1)"));
	set(f, "data", str(f, " data:text/html,<b>"));
	set(f, "web", str(f, "https://example.com/?a=1&b=2"));
	set(f, "mail", str(f, "mailto:a@example.com"));
	assert_string_equal(
		render(f, "<p><a data-attr-href=\"js\">1</a>"
			  "<a data-attr-href=\"tab\">2</a>"
			  "<img data-attr-src=\"data\"/>"
			  "<a data-attr-href=\"web\">3</a>"
			  "<a data-attr-href=\"mail\">4</a>"
			  "<a data-attr-title=\"js\">5</a></p>"),
		"<p><a href=\"#\">1</a><a href=\"#\">2</a><img src=\"#\">"
		"<a href=\"https://example.com/?a=1&amp;b=2\">3</a>"
		"<a href=\"mailto:a@example.com\">4</a>"
		"<a title=\"javascript:alert(1)\">5</a></p>\n");
}

static void test_paths_are_relative_to_the_page(void **state)
{
	struct fixture *f = *state;
	set(f, "product", value_path(&f->arena, "vi/products/x/"));
	set(f, "home", value_path(&f->arena, ""));
	set(f, "odd", value_path(&f->arena, "a&b/"));
	set(f, "colon", value_path(&f->arena, "a:b/"));
	write_file(f, "page.html",
		   "<p><a data-attr-href=\"product\">p</a>"
		   "<a data-attr-href=\"home\">h</a>"
		   "<a data-attr-href=\"odd\">o</a>"
		   "<a data-attr-href=\"colon\">c</a></p>");
	assert_string_equal(render_env(f, "page", 0, false, 0),
			    "<p><a href=\"vi/products/x/\">p</a>"
			    "<a href=\"./\">h</a>"
			    "<a href=\"a&amp;b/\">o</a>"
			    "<a href=\"./a:b/\">c</a></p>\n");
	assert_string_equal(render_env(f, "page", 1, false, 0),
			    "<p><a href=\"../vi/products/x/\">p</a>"
			    "<a href=\"../\">h</a>"
			    "<a href=\"../a&amp;b/\">o</a>"
			    "<a href=\"../a:b/\">c</a></p>\n");
	assert_string_equal(render_env(f, "page", 3, true, 0),
			    "<p><a href=\"../../../vi/products/x/index.html\">"
			    "p</a><a href=\"../../../index.html\">h</a>"
			    "<a href=\"../../../a&amp;b/index.html\">o</a>"
			    "<a href=\"../../../a:b/index.html\">c</a></p>\n");
}

/* The 404 page is served at any depth: with root_base, site paths (data
 * values, srcset candidates and literal "/..." paths) start with it. */
static void test_root_base_for_the_404_page(void **state)
{
	struct fixture *f = *state;
	set(f, "home", value_path(&f->arena, "vi/"));
	set(f, "set",
	    value_path(&f->arena, "m/a-480.webp 480w, m/a-960.webp 960w"));
	write_file(f, "page.html",
		   "<p><a data-attr-href=\"home\">h</a>"
		   "<img data-attr-srcset=\"set\" sizes=\"100vw\" alt=\"\"/>"
		   "<link rel=\"stylesheet\" href=\"/assets/s.css\"/></p>");
	load(f);
	assert_non_null(f->set);
	struct template_env env = {
		.depth = 3, .page_lang = "en", .root_base = "/ocop/"};
	assert_int_equal(template_run(template_find(f->set, "page"), f->ctx,
				      &env, &f->out, &f->diag),
			 0);
	assert_string_equal(f->out.data,
			    "<p><a href=\"/ocop/vi/\">h</a>"
			    "<img srcset=\"/ocop/m/a-480.webp 480w, "
			    "/ocop/m/a-960.webp 960w\" sizes=\"100vw\" "
			    "alt=\"\"><link rel=\"stylesheet\" "
			    "href=\"/ocop/assets/s.css\"></p>\n");
}

static void test_literal_site_paths_are_rewritten(void **state)
{
	struct fixture *f = *state;
	write_file(f, "page.html",
		   "<p><link rel=\"stylesheet\" href=\"/assets/style.css\"/>"
		   "<a href=\"/\">home</a><a href=\"//cdn.example/x\">cdn</a>"
		   "<a href=\"about/\">rel</a>"
		   "<img srcset=\"/a.png 1x, /b.png 2x\" src=\"/a.png\"/>"
		   "<a title=\"/not-a-url\">t</a>"
		   "<a href=\"/vi/search/?q=a&amp;b=1#r\">s</a></p>");
	assert_string_equal(
		render_env(f, "page", 2, false, 0),
		"<p><link rel=\"stylesheet\" href=\"../../assets/style.css\">"
		"<a href=\"../../\">home</a><a href=\"//cdn.example/x\">cdn</a>"
		"<a href=\"about/\">rel</a>"
		"<img srcset=\"../../a.png 1x, ../../b.png 2x\" "
		"src=\"../../a.png\"><a title=\"/not-a-url\">t</a>"
		"<a href=\"../../vi/search/?q=a&amp;b=1#r\">s</a></p>\n");
	assert_string_equal(
		render_env(f, "page", 0, true, 0),
		"<p><link rel=\"stylesheet\" href=\"assets/style.css\">"
		"<a href=\"index.html\">home</a>"
		"<a href=\"//cdn.example/x\">cdn</a><a href=\"about/\">rel</a>"
		"<img srcset=\"a.png 1x, b.png 2x\" src=\"a.png\">"
		"<a title=\"/not-a-url\">t</a>"
		"<a href=\"vi/search/index.html?q=a&amp;b=1#r\">s</a></p>\n");
}

/* Every URL attribute and every piece of data-html markup that a run
 * writes is listed, at its place in the page, for the link check; text,
 * JSON-LD and lazy markup are not. */
static void test_links_are_listed(void **state)
{
	struct fixture *f = *state;
	write_file(f, "page.html",
		   "<div><a href=\"/vi/\">home</a>"
		   "<a href=\"about/\" title=\"/t\">rel</a>"
		   "<img srcset=\"/a.png 1x, /b.png 2x\" alt=\"\"/>"
		   "<a data-attr-href=\"to\">to</a>"
		   "<a data-attr-href=\"plain\">plain</a>"
		   "<p data-text=\"words\">x</p>"
		   "<div data-html=\"body\">x</div>"
		   "<span data-html=\"qr\">x</span>"
		   "<script type=\"application/ld+json\" data-html=\"ld\">{}"
		   "</script></div>");
	set(f, "to", value_path(&f->arena, "vi/products/x/"));
	set(f, "plain", str(f, "https://a.example/?q=1&r=2"));
	set(f, "words", str(f, "<a href=\"no\">not a link</a>"));
	set(f, "body",
	    value_html(&f->arena, "<p><a href=\"b/\">b</a></p>", NULL));
	set(f, "qr", value_lazy_html(&f->arena, qr_stand_in, NULL, "x", NULL));
	set(f, "ld", value_html(&f->arena, "{\"url\":\"u\"}", NULL));
	load(f);
	assert_non_null(f->set);
	struct template_links links = {0};
	struct template_env env = {
		.depth = 1, .page_lang = "en", .links = &links};
	buf_reset(&f->out);
	assert_int_equal(template_run(template_find(f->set, "page"), f->ctx,
				      &env, &f->out, &f->diag),
			 0);
	static const struct {
		const char *attr, *text;
	} want[] = {
		{"href", "../vi/"},
		{"href", "about/"},
		{"srcset", "../a.png 1x, ../b.png 2x"},
		{"href", "../vi/products/x/"},
		{"href", "https://a.example/?q=1&amp;r=2"},
		{NULL, "<p><a href=\"b/\">b</a></p>"},
	};
	if (links.n != ARRAY_SIZE(want))
		fail_msg("%zu links listed in %s", links.n, f->out.data);
	for (size_t i = 0; i < links.n; i++) {
		const struct template_link *l = &links.items[i];
		if (want[i].attr)
			assert_string_equal(l->attr, want[i].attr);
		else
			assert_null(l->attr);
		assert_int_equal(l->len, strlen(want[i].text));
		assert_memory_equal(f->out.data + l->off, want[i].text, l->len);
	}
	free(links.items);
}

static void test_attr_kinds(void **state)
{
	struct fixture *f = *state;
	set(f, "yes", value_bool(&f->arena, true));
	set(f, "no", value_bool(&f->arena, false));
	set(f, "nothing", &value_null);
	set(f, "n", value_int(&f->arena, 3));
	assert_string_equal(
		render(f, "<p><input data-attr-checked=\"yes\"/>"
			  "<input hidden=\"\" data-attr-disabled=\"no\"/>"
			  "<input value=\"old\" data-attr-value=\"nothing\"/>"
			  "<input value=\"old\" data-attr-value=\"n\" "
			  "data-txt=\"kept\"/></p>"),
		"<p><input checked><input hidden=\"\"><input>"
		"<input value=\"3\" data-txt=\"kept\"></p>\n");
}

static void test_if_and_negation(void **state)
{
	struct fixture *f = *state;
	set(f, "yes", value_bool(&f->arena, true));
	set(f, "empty", str(f, ""));
	set(f, "none", value_list(&f->arena, 0));
	set(f, "zero", value_int(&f->arena, 0));
	assert_string_equal(render(f, "<ul><li data-if=\"yes\">a</li>"
				      "<li data-if=\"!yes\">b</li>"
				      "<li data-if=\"empty\">c</li>"
				      "<li data-if=\"!empty\">d</li>"
				      "<li data-if=\"none\">e</li>"
				      "<li data-if=\"zero\">f</li>"
				      "<li data-if=\"! zero\">g</li> </ul>"),
			    "<ul><li>a</li><li>d</li><li>g</li> </ul>\n");
}

static void test_each_and_nested_each(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;
	struct value *groups = value_list(a, 2);
	for (int g = 0; g < 2; g++) {
		struct value *group = value_map(a);
		value_map_set(a, group, "name", str(f, g ? "B" : "A"));
		struct value *items = value_list(a, (size_t)g + 1);
		for (int i = 0; i <= g; i++)
			value_list_set(items, (size_t)i, value_int(a, i));
		value_map_set(a, group, "items", items);
		value_list_set(groups, (size_t)g, group);
	}
	set(f, "groups", groups);
	set(f, "g", str(f, "root g"));
	set(f, "nothing", &value_null);
	assert_string_equal(
		render(f, "<div><section data-each=\"g in groups\">"
			  "<h2 data-text=\"g.name\">x</h2>"
			  "<i data-each=\"i in g.items\" data-text=\"i\">0</i>"
			  "</section><p data-text=\"g\">after</p>"
			  "<p data-each=\"x in nothing\">never</p></div>"),
		"<div><section><h2>A</h2><i>0</i></section>"
		"<section><h2>B</h2><i>0</i><i>1</i></section>"
		"<p>root g</p></div>\n");
}

static void test_if_around_each_and_block(void **state)
{
	struct fixture *f = *state;
	struct value *l = value_list(&f->arena, 2);
	value_list_set(l, 0, str(f, "a"));
	value_list_set(l, 1, str(f, "b"));
	set(f, "items", l);
	set(f, "show", value_bool(&f->arena, false));
	assert_string_equal(
		render(f, "<p><span data-block=\"\" data-each=\"x in items\">"
			  "<b data-text=\"x\">s</b>,</span>"
			  "<span data-if=\"show\" data-each=\"x in items\">"
			  "no</span><span data-remove=\"\">sample</span>"
			  "end</p>"),
		"<p><b>a</b>,<b>b</b>,end</p>\n");
}

static void test_include_and_block_partial(void **state)
{
	struct fixture *f = *state;
	struct value *l = value_list(&f->arena, 2);
	for (size_t i = 0; i < 2; i++) {
		struct value *p = value_map(&f->arena);
		value_map_set(&f->arena, p, "name", str(f, i ? "Tea" : "Rice"));
		value_list_set(l, i, p);
	}
	set(f, "products", l);
	write_file(f, "partials/card.html",
		   "<!-- a product card -->\n"
		   "<article class=\"card\"><h3 data-text=\"p.name\">x</h3>"
		   "</article>");
	write_file(f, "partials/head.html",
		   "<div data-block=\"\"><meta charset=\"utf-8\"/>"
		   "<title>T</title></div>");
	assert_string_equal(
		render(f, "<div><div data-include=\"head\">sample</div>"
			  "<div data-each=\"p in products\" "
			  "data-include=\"card\">sample card</div></div>"),
		"<div><meta charset=\"utf-8\"><title>T</title>"
		"<article class=\"card\"><h3>Rice</h3></article>"
		"<article class=\"card\"><h3>Tea</h3></article></div>\n");
}

static void test_class_merging(void **state)
{
	struct fixture *f = *state;
	set(f, "yes", value_bool(&f->arena, true));
	set(f, "no", value_bool(&f->arena, false));
	assert_string_equal(
		render(f, "<p><a class=\"card\" data-class-national=\"yes\" "
			  "data-class-expired=\"no\" data-class-new=\"yes\">1"
			  "</a><a data-class-x=\"no\">2</a>"
			  "<a data-class-x=\"yes\" title=\"t\">3</a>"
			  "<a class=\"\" data-class-x=\"no\">4</a>"
			  "<a class=\"c\" data-class-x=\"no\">5</a></p>"),
		"<p><a class=\"card national new\">1</a><a>2</a>"
		"<a class=\"x\" title=\"t\">3</a><a class=\"\">4</a>"
		"<a class=\"c\">5</a></p>\n");
}

static void test_fallback_text_is_marked_with_its_lang(void **state)
{
	struct fixture *f = *state;
	set(f, "fallback", value_str_lang(&f->arena, "Miến dong", "vi"));
	set(f, "own", value_str_lang(&f->arena, "Noodles", "en"));
	set(f, "plain", str(f, "Plain"));
	set(f, "body", value_html(&f->arena, "<p>Xin chào</p>", "vi"));
	assert_string_equal(
		render(f, "<div><h1 data-text=\"fallback\">x</h1>"
			  "<h1 data-text=\"own\">x</h1>"
			  "<h1 lang=\"zh\" data-text=\"plain\">x</h1>"
			  "<h1 lang=\"zh\" class=\"t\" data-text=\"fallback\">x"
			  "</h1><div data-html=\"body\">x</div></div>"),
		"<div><h1 lang=\"vi\">Miến dong</h1><h1>Noodles</h1>"
		"<h1 lang=\"zh\">Plain</h1>"
		"<h1 lang=\"vi\" class=\"t\">Miến dong</h1>"
		"<div lang=\"vi\"><p>Xin chào</p></div></div>\n");
}

static void test_html5_serialization(void **state)
{
	struct fixture *f = *state;
	write_file(f, "page.html",
		   "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		   "<!DOCTYPE html>\n"
		   "<html lang=\"vi\"><head><meta charset=\"utf-8\"/>"
		   "<script>if (a &lt; b &amp;&amp; c) {}</script>"
		   "<style>a > b {}</style></head>"
		   "<body><!-- dropped --><?pi dropped?>"
		   "<br/><hr/><div></div><p><![CDATA[<x> & y]]>&#160;</p>"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		   "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		   "viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><g><use "
		   "xlink:href=\"#star\"></use></g></svg></body></html>\n");
	assert_string_equal(
		render_env(f, "page", 0, false, 0),
		"<!DOCTYPE html>\n"
		"<html lang=\"vi\"><head><meta charset=\"utf-8\">"
		"<script>if (a < b && c) {}</script>"
		"<style>a > b {}</style></head>"
		"<body><br><hr><div></div><p>&lt;x&gt; &amp; y\xc2\xa0</p>"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		"viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><g><use "
		"xlink:href=\"#star\"/></g></svg></body></html>\n");
}

static void test_xhtml_namespace_is_still_html(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(
		render(f, "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
			  "<script>a &amp;&amp; b</script></head><body><br/>"
			  "<svg><rect/></svg></body></html>"),
		"<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
		"<script>a && b</script></head><body><br>"
		"<svg><rect/></svg></body></html>\n");
}

static void test_xml_error_reported_with_line(void **state)
{
	struct fixture *f = *state;
	write_file(f, "broken.html", "<html>\n<body>\n<p>open</body>\n</html>");
	load(f);
	assert_null(f->set);
	char path[128];
	snprintf(path, sizeof(path), "%s/broken.html", f->dir);
	bool found = false;
	for (size_t i = 0; i < f->diag.n; i++) {
		struct diag_entry *e = &f->diag.items[i];
		if (!strcmp(e->path, path) && e->level == DIAG_ERROR &&
		    e->line == 3 && e->col > 1)
			found = true;
	}
	if (!found)
		diag_print(&f->diag, stderr, 0);
	assert_true(found);
}

static void test_undefined_entity_is_an_error(void **state)
{
	struct fixture *f = *state;
	write_file(f, "page.html", "<p>\na&nbsp;b</p>");
	load(f);
	assert_null(f->set);
	assert_diag(f, "page.html", 2, "nbsp");
}

static void test_bad_expression_reported_with_line(void **state)
{
	struct fixture *f = *state;
	write_file(f, "page.html",
		   "<div>\n<p data-text=\"product..name\">x</p>\n"
		   "<p data-each=\"p of products\">x</p>\n"
		   "<p data-text=\"!flag\">x</p>\n"
		   "<a data-attr-onclick=\"x\">x</a>\n"
		   "<br data-text=\"x\"/>\n"
		   "<p data-attr-=\"x\">x</p>\n</div>");
	write_file(f, "partials/unused.html",
		   "<p>\n\n<b data-if=\"a.\">x</b></p>");
	load(f);
	assert_null(f->set);
	assert_diag(f, "page.html", 2, "product..name");
	assert_diag(f, "page.html", 3, "name in list");
	assert_diag(f, "page.html", 4, "!flag");
	assert_diag(f, "page.html", 5, "onclick");
	assert_diag(f, "page.html", 6, "<br>");
	assert_diag(f, "page.html", 7, "data-attr-");
	assert_diag(f, "partials/unused.html", 3, "a.");
}

static void test_unknown_name_reported_at_run_time(void **state)
{
	struct fixture *f = *state;
	struct value *product = value_map(&f->arena);
	value_map_set(&f->arena, product, "name", str(f, "Rice"));
	value_map_set(&f->arena, product, "image", &value_null);
	set(f, "product", product);
	write_file(f, "page.html",
		   "<div>\n<p data-text=\"product.name\">x</p>\n"
		   "<p data-text=\"product.foo\">x</p>\n"
		   "<img data-attr-src=\"product.image.src\"/>\n"
		   "<p data-text=\"product.name.first\">x</p>\n"
		   "<p data-if=\"missing\">x</p>\n</div>");
	assert_string_equal(render_env(f, "page", 0, false, -1),
			    "<div>\n<p>Rice</p>\n<p></p>\n<img>\n<p></p>\n\n"
			    "</div>\n");
	assert_diag(f, "page.html", 3, "unknown name \"product.foo\"");
	assert_diag(f, "page.html", 5, "product.name is a string");
	assert_diag(f, "page.html", 6, "unknown name \"missing\"");
	assert_int_equal(f->diag.n, 3);
}

static void test_wrong_kind_reported(void **state)
{
	struct fixture *f = *state;
	set(f, "body", value_html(&f->arena, "<b>x</b>", NULL));
	set(f, "flag", value_bool(&f->arena, true));
	write_file(f, "page.html",
		   "<div>\n<p data-text=\"body\">x</p>\n"
		   "<p data-text=\"flag\">x</p>\n"
		   "<a data-attr-title=\"body\">x</a>\n"
		   "<i data-each=\"x in flag\">x</i>\n</div>");
	assert_string_equal(render_env(f, "page", 0, false, -1),
			    "<div>\n<p></p>\n<p></p>\n<a>x</a>\n\n</div>\n");
	assert_diag(f, "page.html", 2, "data-text");
	assert_diag(f, "page.html", 3, "boolean");
	assert_diag(f, "page.html", 4, "data-attr-title");
	assert_diag(f, "page.html", 5, "not a list");
}

static void test_json_ld_script_takes_generated_json(void **state)
{
	struct fixture *f = *state;
	set(f, "ld",
	    value_html(&f->arena, "{\"name\":\"\\u003c/script\\u003e\"}",
		       NULL));
	set(f, "none", &value_null);
	assert_string_equal(
		render(f, "<head><script type=\"application/ld+json\" "
			  "data-html=\"ld\">{}</script><script "
			  "type=\"application/ld+json\" data-html=\"none\">{}"
			  "</script></head>"),
		"<head><script type=\"application/ld+json\">"
		"{\"name\":\"\\u003c/script\\u003e\"}</script>"
		"<script type=\"application/ld+json\"></script></head>\n");
}

static void test_json_ld_refuses_markup_and_strings(void **state)
{
	struct fixture *f = *state;
	set(f, "ld", value_html(&f->arena, "{\"x\":\"</script>\"}", NULL));
	set(f, "s", str(f, "{}"));
	write_file(f, "page.html",
		   "<head>\n<script type=\"application/ld+json\" "
		   "data-html=\"ld\">{}</script>\n"
		   "<script type=\"application/ld+json\" data-html=\"s\">{}"
		   "</script>\n</head>");
	assert_string_equal(render_env(f, "page", 0, false, -1),
			    "<head>\n<script type=\"application/ld+json\">"
			    "</script>\n<script type=\"application/ld+json\">"
			    "</script>\n</head>\n");
	assert_diag(f, "page.html", 2, "'<'");
	assert_diag(f, "page.html", 3, "a string");
}

static void test_other_scripts_take_no_data(void **state)
{
	struct fixture *f = *state;
	write_file(f, "page.html",
		   "<head>\n<script data-html=\"ld\">x</script>\n"
		   "<script type=\"application/ld+json\" data-text=\"ld\">x"
		   "</script>\n"
		   "<script type=\"application/ld+json\" data-attr-type=\"t\" "
		   "data-html=\"ld\">x</script>\n"
		   "<script type=\"module\" data-html=\"ld\">x</script>\n"
		   "<style data-html=\"ld\">x</style>\n</head>");
	load(f);
	assert_null(f->set);
	for (int line = 2; line <= 6; line++)
		assert_diag(f, "page.html", line, "cannot take");
}

static void test_include_loop_detected(void **state)
{
	struct fixture *f = *state;
	write_file(f, "partials/a.html",
		   "<div>\n<p data-include=\"b\"/></div>");
	write_file(f, "partials/b.html",
		   "<div>\n\n<p data-include=\"a\"/></div>");
	write_file(f, "page.html",
		   "<div><p data-include=\"a\"/>\n"
		   "<p data-include=\"missing\"/></div>");
	load(f);
	assert_null(f->set);
	assert_diag(f, "partials/b.html", 3, "include loop: a -> b -> a");
	assert_diag(f, "page.html", 2, "no partial \"missing\"");
}

static void test_loops_nest_at_most_32_deep(void **state)
{
	struct fixture *f = *state;
	struct buf t = BUF_INIT;
	for (int i = 0; i < 33; i++)
		buf_printf(&t, "<i data-each=\"x%d in l\">\n", i);
	for (int i = 0; i < 33; i++)
		buf_adds(&t, "</i>");
	write_file(f, "page.html", t.data);
	buf_release(&t);
	load(f);
	assert_null(f->set);
	assert_diag(f, "page.html", 33, "nested more than 32");
}

static void test_templates_found_by_name(void **state)
{
	struct fixture *f = *state;
	write_file(f, "b.html", "<p>b</p>");
	write_file(f, "a.html", "<p>a</p>");
	write_file(f, "notes.txt", "not a template");
	load(f);
	assert_non_null(f->set);
	assert_non_null(template_find(f->set, "a"));
	assert_null(template_find(f->set, "notes"));
	assert_null(template_find(f->set, "partials"));
	char path[128];
	snprintf(path, sizeof(path), "%s/b.html", f->dir);
	assert_string_equal(template_path(template_find(f->set, "b")), path);
}

struct worker {
	const struct template *t;
	const struct value *ctx;
	struct diag *d;
	int ok;
};

static void *run_many(void *arg)
{
	struct worker *w = arg;
	struct template_env env = {.depth = 1, .page_lang = "en"};
	struct buf out = BUF_INIT;
	w->ok = 1;
	for (int i = 0; i < 200; i++) {
		buf_reset(&out);
		if (template_run(w->t, w->ctx, &env, &out, w->d) ||
		    strcmp(out.data, "<ul><li><a href=\"../x/\">x</a></li>"
				     "<li><a href=\"../x/\">x</a></li></ul>\n"))
			w->ok = 0;
	}
	buf_release(&out);
	return NULL;
}

static void test_runs_concurrently(void **state)
{
	struct fixture *f = *state;
	struct value *l = value_list(&f->arena, 2);
	struct value *item = value_map(&f->arena);
	value_map_set(&f->arena, item, "path", value_path(&f->arena, "x/"));
	value_map_set(&f->arena, item, "name", str(f, "x"));
	value_list_set(l, 0, item);
	value_list_set(l, 1, item);
	set(f, "items", l);
	write_file(
		f, "page.html",
		"<ul><li data-each=\"p in items\"><a data-attr-href=\"p.path\" "
		"data-text=\"p.name\">s</a></li></ul>");
	load(f);
	assert_non_null(f->set);
	struct worker w[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){template_find(f->set, "page"), f->ctx,
				       &f->diag, 0};
		assert_int_equal(pthread_create(&th[i], NULL, run_many, &w[i]),
				 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(w[i].ok);
	}
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_text_is_escaped),
		TEST(test_html_is_trusted_only_when_html),
		TEST(test_attribute_values_are_escaped),
		TEST(test_unsafe_urls_become_hash),
		TEST(test_paths_are_relative_to_the_page),
		TEST(test_root_base_for_the_404_page),
		TEST(test_literal_site_paths_are_rewritten),
		TEST(test_links_are_listed),
		TEST(test_attr_kinds),
		TEST(test_if_and_negation),
		TEST(test_each_and_nested_each),
		TEST(test_if_around_each_and_block),
		TEST(test_include_and_block_partial),
		TEST(test_class_merging),
		TEST(test_fallback_text_is_marked_with_its_lang),
		TEST(test_html5_serialization),
		TEST(test_xhtml_namespace_is_still_html),
		TEST(test_xml_error_reported_with_line),
		TEST(test_undefined_entity_is_an_error),
		TEST(test_bad_expression_reported_with_line),
		TEST(test_unknown_name_reported_at_run_time),
		TEST(test_wrong_kind_reported),
		TEST(test_json_ld_script_takes_generated_json),
		TEST(test_json_ld_refuses_markup_and_strings),
		TEST(test_other_scripts_take_no_data),
		TEST(test_include_loop_detected),
		TEST(test_loops_nest_at_most_32_deep),
		TEST(test_templates_found_by_name),
		TEST(test_runs_concurrently),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
