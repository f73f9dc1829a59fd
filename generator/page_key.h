/*
 * page_key: the key of each page of the layout, from its inputs alone (the
 * records and bodies it shows, their published images, the theme's words,
 * the layout, the day), without building the page's data. render compares
 * it with the key that the output's manifest records for the page's file:
 * a page whose key is the same is neither built nor rendered again, and a
 * build in which no page of a language changed builds none of that
 * language's shared data.
 *
 * A page's key holds everything that page_data_of reads for it, and so
 * follows page_data.c: a product's card shows its record, its images and
 * its producer, and the producer lists all its products as cards; each
 * kind of page adds its own. A change to what page_data reads must come
 * here too: the incremental suite (tests/run) compares rebuilds after
 * edits of each kind of input with builds into an empty folder.
 */
#ifndef OCOPGEN_PAGE_KEY_H
#define OCOPGEN_PAGE_KEY_H

#include <xxhash.h>

#include "images.h"
#include "layout.h"
#include "model.h"
#include "theme.h"

struct page_key_inputs {
	const struct model *m;
	const struct layout *layout;
	const struct images *images;
	const struct theme *th;
	XXH128_hash_t base;    /* the program, the templates, the flavour */
	const char *root_base; /* where the 404 page's links start, or NULL */
	int threads;	       /* at least 1 */
};

/* The key of every page of in->layout, in the layout's order
 * ([layout->npages]). Everything in in is borrowed. The caller frees the
 * array. */
XXH128_hash_t *page_keys_make(const struct page_key_inputs *in);

#endif
