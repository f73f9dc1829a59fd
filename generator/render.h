/*
 * render: the site written into a folder. It plans every file (plan),
 * builds each page's data (page_data), runs the theme's templates on a
 * pool of threads and writes the results (output).
 */
#ifndef OCOPGEN_RENDER_H
#define OCOPGEN_RENDER_H

#include <stdbool.h>

#include "diag.h"
#include "images.h"
#include "model.h"
#include "theme.h"

struct render_opts {
	bool kiosk;  /* the kiosk copy: links name index.html, for
			file://, and site.kiosk is true */
	int threads; /* at least 1 */
};

/* Writes the whole site into out_dir, an existing empty folder. The model
 * must have passed validate_model and its images images_process; nothing
 * given is changed, so that one model can be rendered several times (the
 * web site and the kiosk copy). Problems (a template error, a file that
 * cannot be written) go to d. Returns the number of files written, or -1
 * when something was reported. */
long render_site(const struct model *m, const struct theme *th,
		 const struct images *images, const struct render_opts *o,
		 const char *out_dir, struct diag *d);

#endif
