/*
 * fuzz_markdown: a Markdown body, as a product's story: loaded with its
 * site (load's checks of its links and images), then turned into the HTML
 * of a page of the web site and of the kiosk copy, into the words of
 * search, and the HTML's links checked as publish checks them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "linkcheck.h"
#include "markdown.h"
#include "text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The files of the site the links may lead to, sorted. */
static const char *const site_files[] = {
	"assets/style.css", "en/products/mien-dong/index.html",
	"index.html",	    "media/products/mien-dong/x-320.webp",
	"vi/index.html",    "vi/products/mien-dong/index.html",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fixture_make();
	return 0;
}

static void check_links(const char *html)
{
	struct link_site site = {site_files,
				 sizeof(site_files) / sizeof(site_files[0]),
				 "/ocop/"};
	struct diag d;
	diag_init(&d);
	linkcheck_page(&site, "vi/products/mien-dong/index.html",
		       "public/vi/products/mien-dong/index.html", html,
		       strlen(html), NULL, &d);
	diag_print(&d, fixture_null(), 0);
	diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture_write(FIXTURE_PRODUCT_BODY, data, size);
	struct model m;
	fixture_load(&m, fixture_null());
	model_release(&m);
	fixture_restore(FIXTURE_PRODUCT_BODY);

	/* The later stages take only what load lets through: UTF-8 without
	 * NUL. */
	size_t bad;
	if (!text_utf8_valid((const char *)data, size, &bad))
		return 0;
	char *src = text_nfc((const char *)data, size);
	for (int kiosk = 0; kiosk <= 1; kiosk++) {
		struct markdown_page page = {NULL, "products", "mien-dong", 3,
					     kiosk};
		char *html = markdown_html(src, &page);
		check_links(html);
		free(html);
	}
	free(markdown_text(src));
	free(src);
	return 0;
}
