/*
 * fuzz_templates: a theme template, parsed and compiled, then run against
 * a small fixed page's data on a page of the web site (its links
 * collected) and on the 404 page of the kiosk copy. The input is also the
 * partial "self", so that it can include itself; "card" is a fixed
 * partial.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fixture.h"
#include "template.h"
#include "value.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAGE "themes/fuzz/templates/page.html"
#define CARD "themes/fuzz/templates/partials/card.html"

static struct arena arena = ARENA_INIT;
static const struct value *ctx;
static char *page_path, *card_path;

static int make_code(struct buf *out, const char *arg)
{
	buf_adds(out, "<svg><text>");
	buf_add_html(out, arg, strlen(arg));
	buf_adds(out, "</text></svg>");
	return 0;
}

static void set_str(struct value *map, const char *key, const char *s)
{
	value_map_set(&arena, map, key, value_str(&arena, s));
}

/* A product card, as listings give them. */
static struct value *card(int i)
{
	struct value *c = value_map(&arena);
	set_str(c, "name", i ? "Mật ong <bạc hà>" : "Miến dong \"Na Rì\"");
	value_map_set(&arena, c, "path",
		      value_path(&arena, i ? "vi/products/mat-ong/"
					   : "vi/products/mien-dong/"));
	value_map_set(&arena, c, "stars", value_int(&arena, 3 + i));
	value_map_set(&arena, c, "count", value_int(&arena, i));
	value_map_set(&arena, c, "featured", value_bool(&arena, i == 0));
	return c;
}

static const struct value *page_data(void)
{
	struct value *site = value_map(&arena);
	set_str(site, "title", "Sản phẩm OCOP & <Bắc Kạn>");
	set_str(site, "base_url", "https://example.org/ocop/");
	value_map_set(&arena, site, "kiosk", value_bool(&arena, false));
	struct value *langs = value_list(&arena, 2);
	for (size_t i = 0; i < 2; i++) {
		struct value *l = value_map(&arena);
		set_str(l, "code", i ? "en" : "vi");
		set_str(l, "name", i ? "English" : "Tiếng Việt");
		value_map_set(&arena, l, "path",
			      value_path(&arena, i ? "en/" : "vi/"));
		value_list_set(langs, i, l);
	}
	value_map_set(&arena, site, "languages", langs);

	struct value *t = value_map(&arena);
	set_str(t, "call", "Gọi");
	set_str(t, "products", "Sản phẩm");
	value_map_set(&arena, t, "missing",
		      value_str_lang(&arena, "Producer", "en"));

	struct value *product = card(0);
	value_map_set(
		&arena, product, "body",
		value_html(&arena, "<p>Miến <strong>dong</strong></p>", NULL));
	value_map_set(&arena, product, "summary",
		      value_str_lang(&arena, "Vermicelli", "en"));
	set_str(product, "website", "javascript:alert(1)");
	set_str(product, "email_href", "mailto:a@example.org");
	set_str(product, "empty", "");
	value_map_set(&arena, product, "none", &value_null);
	value_map_set(&arena, product, "qr",
		      value_lazy_html(&arena, make_code, NULL,
				      "https://example.org/ocop/", NULL));
	value_map_set(&arena, product, "jsonld",
		      value_html(&arena, "{\"@type\": \"Product\"}", NULL));
	struct value *images = value_list(&arena, 1);
	struct value *img = value_map(&arena);
	value_map_set(&arena, img, "src",
		      value_path(&arena, "media/products/mien-dong/x.webp"));
	set_str(img, "srcset", "x-320.webp 320w, x-640.webp 640w");
	set_str(img, "alt", "Gói miến");
	value_list_set(images, 0, img);
	value_map_set(&arena, product, "images", images);

	struct value *items = value_list(&arena, 3);
	for (int i = 0; i < 3; i++)
		value_list_set(items, (size_t)i, card(i % 2));

	struct value *root = value_map(&arena);
	value_map_set(&arena, root, "site", site);
	value_map_set(&arena, root, "t", t);
	value_map_set(&arena, root, "product", product);
	value_map_set(&arena, root, "items", items);
	value_map_set(&arena, root, "empty", value_list(&arena, 0));
	set_str(root, "lang", "vi");
	value_map_set(&arena, root, "home", value_path(&arena, ""));
	return root;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fixture_make();
	static const char card_src[] =
		"<article class=\"card\"><a data-attr-href=\"item.path\">"
		"<span data-text=\"item.name\">Tên</span></a>"
		"<b data-if=\"item.featured\">★</b></article>";
	fixture_write(CARD, card_src, sizeof(card_src) - 1);
	card_path = strdup(fixture_path(CARD));
	page_path = strdup(fixture_path(PAGE));
	ctx = page_data();
	return 0;
}

static void run(const struct template *t, const struct template_env *env)
{
	struct buf out = BUF_INIT;
	struct diag d;
	diag_init(&d);
	template_run(t, ctx, env, &out, &d);
	diag_print(&d, fixture_null(), 0);
	diag_release(&d);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture_write(PAGE, data, size);
	struct template_file files[] = {
		{"page.html", page_path},
		{"partials/self.html", page_path},
		{"partials/card.html", card_path},
	};
	struct diag d;
	diag_init(&d);
	struct template_set *set = template_set_load(files, 3, &d);
	diag_print(&d, fixture_null(), 0);
	diag_release(&d);
	if (!set)
		return 0;
	const struct template *t = template_find(set, "page");
	if (t) {
		struct template_links links = {0};
		struct template_env web = {3, false, "vi", NULL, &links};
		run(t, &web);
		free(links.items);
		struct template_env kiosk = {0, true, "en", "/ocop/", NULL};
		run(t, &kiosk);
	}
	template_set_free(set);
	return 0;
}
