/*
 * render: the files of the site, handed to publish. It plans every file
 * (plan), builds each page's data (page_data), runs the theme's templates
 * on a pool of threads, checks the links of each page it renders
 * (linkcheck) and gives publish each file's bytes and hash.
 *
 * A page whose key (the hash of its data, its templates, the way it is
 * rendered and the program itself) is the one that the output's manifest
 * records is not rendered again: the output has its bytes. So is a file
 * made from the whole site when no content file changed, and an image
 * copied from a cache entry of the same name.
 */
#ifndef OCOPGEN_RENDER_H
#define OCOPGEN_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "images.h"
#include "manifest.h"
#include "model.h"
#include "publish.h"
#include "theme.h"

struct render_opts {
	bool kiosk;  /* the kiosk copy: links name index.html, for
			file://, and site.kiosk is true */
	int threads; /* at least 1 */
	bool full;   /* render every page, whatever the output holds */
};

struct render_result {
	struct manifest site; /* every file of the site; sealed */
	size_t files;	      /* in the site */
	size_t made;	      /* rendered, made or read; the others were
				 known from the output */
};

/* Makes the whole site and hands its files to pub, which publish_begin
 * has opened. The model must have passed validate_model and its images
 * images_process; nothing given is changed, so that one model can be
 * rendered several times (the web site and the kiosk copy). Problems (a
 * template error, a link to no file) go to d. Returns 0 with res filled
 * (release res->site with manifest_release), or -1 when something was
 * reported. */
int render_site(const struct model *m, const struct theme *th,
		const struct images *images, const struct render_opts *o,
		struct publish *pub, struct render_result *res, struct diag *d);

#endif
