/*
 * markdown: the Markdown bodies of items, through cmark. load parses a body
 * to check it (markdown_parse, markdown_image_file); a page gets its HTML
 * from markdown_html, and the search index its words from markdown_text.
 * None of them changes the model: each parses the text into a tree of its
 * own, so the same body can be shown on pages of any depth, in the web
 * site and in the kiosk copy, from several threads at once.
 */
#ifndef OCOPGEN_MARKDOWN_H
#define OCOPGEN_MARKDOWN_H

#include <cmark.h>
#include <stdbool.h>

struct images;

/* Parses a body (NUL-terminated UTF-8) as CommonMark, with the positions
 * load reports at. Free with cmark_node_free. */
cmark_node *markdown_parse(const char *src);

/* The file of the item's folder that an image address names, as checked
 * and published: percent-decoded, without leading "./"
 * ("./images/a%20b.jpg" gives "images/a b.jpg"). The caller frees it. */
char *markdown_image_file(const char *url);

/* Where the HTML of a body is shown. */
struct markdown_page {
	const struct images *images; /* the published images */
	const char *section, *slug;  /* the item whose folder the body's
					images are in: "products", "x" */
	int depth;		     /* folders from the page to the site
					root: 3 for "vi/products/x/" */
	bool kiosk;		     /* the kiosk copy: no link leaves it */
};

/* The HTML of a body for a page. Raw HTML is left out (load warned about
 * it); each image becomes the responsive <img> of its published WebP
 * variants, linked from the page's depth; in the kiosk, links to other
 * sites, mailto: and tel: become their text (and address). The caller
 * frees the result. */
char *markdown_html(const char *src, const struct markdown_page *page);

/* The words of a body, for search: its text and code, with a space between
 * blocks and lines so that words do not run together. Images (their
 * descriptions) and raw HTML are left out. The caller frees it. */
char *markdown_text(const char *src);

#endif
