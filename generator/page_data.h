/*
 * page_data: the data each page's template reads, as template values. What
 * many pages share (product cards, producers, the menu, the words of the
 * theme) is built once per language by page_data_build; page_data_of then
 * builds one page's own data, with one builder per kind of page, from
 * several threads at once. Nothing here writes a file or changes the
 * model.
 */
#ifndef OCOPGEN_PAGE_DATA_H
#define OCOPGEN_PAGE_DATA_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "layout.h"
#include "model.h"
#include "theme.h"
#include "value.h"

struct images;
struct lang_data;

/* The template each kind of page uses, which is also its page.kind. */
extern const char *const page_template_names[PAGE_KINDS];

struct page_data {
	const struct model *m;
	const struct theme *th;
	const struct images *images;
	const struct layout *layout;
	bool kiosk;	    /* the kiosk copy: no link leaves it, contacts as QR
			       codes */
	struct arena arena; /* what languages share; read-only once built */
	struct lang_data *lang; /* [site.nlangs] */
	/* QR codes of the product pages' addresses, [product * nlangs +
	 * lang], lazy values: each is shown on its page and in the printed
	 * catalogue; its modules are made once, by the first of them
	 * written, and kept (a few hundred bytes each). */
	const struct value **product_qr;
	value_memo *product_qr_memo;
	pthread_mutex_t build_lock; /* page_data_build's */
};

/* Readies pd to build the data of the model's pages; builds none yet.
 * Everything given is borrowed and must outlive pd. Release with
 * page_data_release. */
void page_data_init(struct page_data *pd, const struct model *m,
		    const struct theme *th, const struct images *images,
		    const struct layout *layout, bool kiosk);
/* Builds what the pages of language lang share, on up to threads threads,
 * unless it is built. Safe to call while page_data_of runs on pages of
 * languages already built; a second call waits for the first. */
void page_data_build(struct page_data *pd, size_t lang, int threads);
/* Frees what page_data_build built for language lang, and the QR codes
 * of its product pages: its pages' data is then built no more until it is
 * built again. Not while page_data_of runs on a page of lang. */
void page_data_drop(struct page_data *pd, size_t lang);
/* True once page_data_build has built language lang. */
bool page_data_built(const struct page_data *pd, size_t lang);
void page_data_release(struct page_data *pd);

/* The data of one page, for its template (page_template_names[kind]),
 * allocated in a; page_data_build must have built its language's. */
struct value *page_data_of(const struct page_data *pd, struct arena *a,
			   const struct site_page *page);

#endif
