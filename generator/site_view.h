/*
 * site_view: what a file made from the whole site reads (the search index,
 * the sitemap, a feed, an export), and the shape of the function that makes
 * it. Such modules include this header, not render.h, so that no stage
 * points back up the pipeline.
 */
#ifndef OCOPGEN_SITE_VIEW_H
#define OCOPGEN_SITE_VIEW_H

#include <stddef.h>

#include "buf.h"

struct images;
struct layout;
struct model;

/* Everything in the view is read-only. */
struct site_view {
	const struct model *m;
	const struct layout *layout;
	const struct images *images;
};

/* Appends the bytes of one such file to out. lang is the language for files
 * made once per language. Called from several threads at once. */
typedef void site_file_fn(const struct site_view *v, size_t lang,
			  struct buf *out);

#endif
