/*
 * render: which pages the site has, at which address, with which template
 * and which data. Builds the data of each page as template values, runs
 * the theme's templates on a pool of threads, and writes every page, every
 * published image and every static file of the theme into a folder.
 */
#ifndef OCOPGEN_RENDER_H
#define OCOPGEN_RENDER_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "images.h"
#include "model.h"
#include "theme.h"

struct layout;

/* What a file made from the whole site can read. */
struct site_view {
	const struct model *m;
	const struct layout *layout;
	const struct images *images;
};

/* A file made from the whole site rather than from a template (the search
 * index, the sitemap, a feed, an export): appends its bytes to out. lang
 * is the language for files made once per language. Called from several
 * threads at once; everything in the view is read-only. */
typedef void render_file_fn(const struct site_view *v, size_t lang,
			    struct buf *out);

struct render_opts {
	bool kiosk;  /* the kiosk copy: links name index.html, for
			file://, and site.kiosk is true */
	int threads; /* at least 1 */
};

/* Writes the whole site into out_dir, an existing empty folder. The model
 * must have passed validate_model and its images images_process; the
 * Markdown trees are consumed (their images replaced by <img> markup).
 * Problems (a template error, a file that cannot be written) go to d. Returns
 * the number of files written, or -1 when something was reported. */
long render_site(const struct model *m, const struct theme *th,
		 const struct images *images, const struct render_opts *o,
		 const char *out_dir, struct diag *d);

#endif
