/* Markdown bodies: parsed, checked, shown; the model's text never changes. */
#include "markdown.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "images.h"
#include "layout.h"
#include "links.h"
#include "text.h"
#include "util.h"

cmark_node *markdown_parse(const char *src)
{
	return cmark_parse_document(src, strlen(src), CMARK_OPT_DEFAULT);
}

char *markdown_image_file(const char *url)
{
	char *file = text_percent_decode(url, strlen(url));
	size_t skip = 0;
	while (!strncmp(file + skip, "./", 2))
		skip += 2;
	memmove(file, file + skip, strlen(file + skip) + 1);
	return file;
}

/* The nodes of a type in a tree, in document order, gathered before any
 * is changed (a tree must not change under its iterator). Free the array. */
static cmark_node **nodes_of_type(cmark_node *doc, cmark_node_type type,
				  size_t *n)
{
	cmark_iter *iter = cmark_iter_new(doc);
	cmark_node **found = NULL;
	size_t cap = 0;
	cmark_event_type ev;
	*n = 0;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(node) != type)
			continue;
		XGROW(found, *n, cap);
		found[(*n)++] = node;
	}
	cmark_iter_free(iter);
	return found;
}

static void remove_nodes(cmark_node *doc, cmark_node_type type)
{
	size_t n;
	cmark_node **found = nodes_of_type(doc, type, &n);
	for (size_t i = 0; i < n; i++)
		cmark_node_free(found[i]);
	free(found);
}

/* The text of a node's descendants, for an image's alt. */
static void alt_text(cmark_node *node, struct buf *out)
{
	for (cmark_node *c = cmark_node_first_child(node); c;
	     c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		if (lit)
			buf_adds(out, lit);
		alt_text(c, out);
	}
}

/* Images become the same responsive <img> as the gallery's, linked from the
 * page's depth. */
static void replace_images(cmark_node *doc, const struct markdown_page *pg)
{
	size_t n;
	cmark_node **found = nodes_of_type(doc, CMARK_NODE_IMAGE, &n);
	struct buf html = BUF_INIT, alt = BUF_INIT;
	struct arena a = ARENA_INIT;
	for (size_t i = 0; i < n; i++) {
		char *file = markdown_image_file(cmark_node_get_url(found[i]));
		const struct image_result *res = images_find(
			pg->images,
			layout_media_path(&a, pg->section, pg->slug, file));
		free(file);
		if (!res || !res->nvariants)
			continue;
		const struct image_variant *fb = images_fallback(res);
		buf_reset(&html);
		buf_reset(&alt);
		alt_text(found[i], &alt);
		buf_adds(&html, "<img src=\"");
		link_relative(&html, pg->depth, fb->site_path, false);
		buf_adds(&html, "\" srcset=\"");
		for (size_t v = 0; v < res->nvariants; v++) {
			if (v)
				buf_adds(&html, ", ");
			link_relative(&html, pg->depth,
				      res->variants[v].site_path, false);
			buf_printf(&html, " %dw", res->variants[v].width);
		}
		buf_printf(&html,
			   "\" sizes=\"(min-width: 48rem) 46rem, 100vw\" "
			   "width=\"%d\" height=\"%d\" alt=\"",
			   fb->width, fb->height);
		buf_add_html(&html, alt.data, alt.len);
		buf_adds(&html, "\" loading=\"lazy\" decoding=\"async\">");
		cmark_node *repl = cmark_node_new(CMARK_NODE_HTML_INLINE);
		cmark_node_set_literal(repl, html.data);
		cmark_node_insert_before(found[i], repl);
		cmark_node_free(found[i]);
	}
	arena_release(&a);
	buf_release(&html);
	buf_release(&alt);
	free(found);
}

/* A link to a folder of the copy, "../../pages/about/#x", as the kiosk
 * opens it from file://, where a folder is no page:
 * "../../pages/about/index.html#x". */
static void link_folder_index(cmark_node *link, const char *url, struct buf *b)
{
	size_t path = strcspn(url, "?#");
	if (!path || url[path - 1] != '/')
		return;
	buf_reset(b);
	buf_add(b, url, path);
	buf_adds(b, "index.html");
	buf_adds(b, url + path);
	cmark_node_set_url(link, b->data);
}

/* In the kiosk no link may leave the copy: a link to another site, a
 * mailto: or a tel: becomes its text, followed by the address in brackets
 * (for http: and https:), which a visitor can still read. A link to a
 * folder of the copy names its index.html. */
static void kiosk_links(cmark_node *doc)
{
	size_t n;
	cmark_node **found = nodes_of_type(doc, CMARK_NODE_LINK, &n);
	struct buf text = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		cmark_node *link = found[i], *child;
		const char *url = cmark_node_get_url(link);
		if (!url)
			continue;
		if (!strchr(url, ':') ||
		    strcspn(url, ":") > strcspn(url, "/?#")) {
			link_folder_index(link, url, &text);
			continue; /* relative: a page of the copy */
		}
		while ((child = cmark_node_first_child(link)))
			cmark_node_insert_before(link, child);
		if (!strncmp(url, "http://", 7) ||
		    !strncmp(url, "https://", 8)) {
			buf_reset(&text);
			buf_printf(&text, " (%s)", url);
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(t, text.data);
			cmark_node_insert_before(link, t);
		}
		cmark_node_free(link);
	}
	buf_release(&text);
	free(found);
}

char *markdown_html(const char *src, const struct markdown_page *page)
{
	cmark_node *doc = markdown_parse(src);
	if (!doc)
		die_oom();
	/* Raw HTML is never published. It leaves the tree first, so that
	 * what passes through below is only the markup made here. */
	remove_nodes(doc, CMARK_NODE_HTML_BLOCK);
	remove_nodes(doc, CMARK_NODE_HTML_INLINE);
	replace_images(doc, page);
	if (page->kiosk)
		kiosk_links(doc);
	char *html = cmark_render_html(doc, CMARK_OPT_UNSAFE);
	cmark_node_free(doc);
	if (!html)
		die_oom();
	return html;
}

char *markdown_text(const char *src)
{
	cmark_node *doc = markdown_parse(src);
	if (!doc)
		die_oom();
	struct buf b = BUF_INIT;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int in_image = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		if (type == CMARK_NODE_IMAGE) {
			in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
			continue;
		}
		if (in_image)
			continue;
		switch (type) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK: {
			const char *s = cmark_node_get_literal(n);
			if (s)
				buf_adds(&b, s);
			buf_addc(&b, ' ');
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(&b, ' ');
			break;
		default:
			if (ev == CMARK_EVENT_EXIT)
				buf_addc(&b, ' ');
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	buf_addc(&b, '\0');
	return buf_detach(&b, NULL);
}
