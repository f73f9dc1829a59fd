/*
 * template: the theme's HTML templates, parsed once with libxml2's XML
 * parser, compiled into a flat program of literal chunks and slots, then run
 * once per page into a buffer. The language is described in
 * docs/themes.md.
 *
 * Escaping follows the context of each slot: element text, attribute value,
 * or URL attribute (href, src, action, ...), so that no value from content
 * can add markup or a script.
 */
#ifndef OCOPGEN_TEMPLATE_H
#define OCOPGEN_TEMPLATE_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

struct template_set;

/* A template file: name is "<page>.html" or "partials/<name>.html", path
 * where it is read from. */
struct template_file {
	const char *name;
	const char *path;
};

/* Loads and compiles the templates files[0..n): "<page>.html" are page
 * templates, "partials/<name>.html" partials that data-include names; the
 * caller has chosen each file's path (a theme's layers). Every problem (XML
 * error, unknown directive, bad expression, missing partial, include loop)
 * is reported to d at file:line:col. Returns NULL when there were errors.
 * Nothing of files is kept. Free with template_set_free. */
struct template_set *template_set_load(const struct template_file *files,
				       size_t n, struct diag *d);
void template_set_free(struct template_set *set);

/* Finds a page template by name ("product" for dir/product.html); NULL when
 * there is none. The template belongs to the set. */
const struct template *template_find(const struct template_set *set,
				     const char *name);
/* The file a template came from, for messages. */
const char *template_path(const struct template *t);

/* How links are written on the page being rendered. */
/* A link written into a page: out[off..off+len) holds the value of the
 * attribute attr (href, src, srcset and the other URL attributes, as
 * written, HTML-escaped), or, attr NULL, a piece of markup given as a
 * value (data-html) whose links are in it. Lazy markup (QR codes) holds
 * no link and is not listed. */
struct template_link {
	const char *attr;
	size_t off, len;
};

struct template_links {
	struct template_link *items; /* in the order written */
	size_t n, cap;
};

struct template_env {
	int depth;	       /* folders between the site root and the page:
				  0 for "index.html", 3 for
				  "vi/products/x/index.html" */
	bool kiosk;	       /* links to folders name their index.html */
	const char *page_lang; /* language of the page */
	/* When set, site paths are written as this path from the host's root
	 * ("/" or "/ocop/") followed by the site path: for the 404 page,
	 * which a host serves at whatever depth the missing address had, so
	 * that relative links would break. */
	const char *root_base;
	/* When set, every link written is added to it (the caller resets
	 * n, and frees items). */
	struct template_links *links;
};

/* Runs t with ctx as the root map, appending the page to out. A name that
 * cannot be resolved, or a value of the wrong kind for its slot, is
 * reported to d with the template's file and line, and the run goes on
 * (writing nothing for that slot). Returns 0, or -1 when something was
 * reported. Safe to call from several threads on the same template. */
int template_run(const struct template *t, const struct value *ctx,
		 const struct template_env *env, struct buf *out,
		 struct diag *d);

#endif
