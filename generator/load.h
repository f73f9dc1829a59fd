/*
 * load: content/ -> model. Reads site.json, then every producer, product,
 * story and page folder, with cJSON and cmark, normalizing text to NFC and
 * keeping the source position of each value. Checks what one record can
 * show by itself: syntax, types, required and unknown fields, ranges, safe
 * URLs and paths, files that exist. References between records are
 * validate's job.
 */
#ifndef OCOPGEN_LOAD_H
#define OCOPGEN_LOAD_H

#include "diag.h"
#include "model.h"

/* Loads DIR/content into m (zeroed by the caller). display is the prefix
 * of paths in messages ("" when DIR is the current folder, else "DIR/").
 * The files are read on up to threads threads; the items are loaded in
 * order, so that the messages and the model do not depend on them.
 * Reports every problem to d. Returns 0, or -1 when errors were reported;
 * m must be freed with model_release either way. */
int load_content(struct model *m, const char *dir, const char *display,
		 int threads, struct diag *d);

/* The fields each record knows, NULL-terminated: the schemas in schemas/
 * must describe exactly these (a test holds them together). */
extern const char *const load_site_fields[];
extern const char *const load_producer_fields[];
extern const char *const load_product_fields[];
extern const char *const load_story_fields[];
extern const char *const load_page_fields[];

#endif
