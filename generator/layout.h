/*
 * layout: which pages the site has and where each one lives. The one place
 * that sets the output's paths ("vi/products/<slug>/"), used by render to
 * write the pages and by the modules that list them (search index, sitemap,
 * feeds).
 */
#ifndef OCOPGEN_LAYOUT_H
#define OCOPGEN_LAYOUT_H

#include <stddef.h>

#include "arena.h"
#include "model.h"

enum page_kind {
	PAGE_ROOT,	/* index.html: leads to each language */
	PAGE_NOT_FOUND, /* 404.html */
	PAGE_HOME,
	PAGE_PRODUCTS, /* every product */
	PAGE_PRODUCT,
	PAGE_PRODUCERS,
	PAGE_PRODUCER,
	PAGE_GROUP,
	PAGE_AREA, /* a place of the site's areas */
	PAGE_STARS,
	PAGE_STORIES,
	PAGE_STORY,
	PAGE_PAGE,
	PAGE_CATALOGUE, /* every product, one per printed sheet: index 0 the
			   whole catalogue, or, past CATALOGUE_PART_MAX
			   products, its contents; index k its part k */
	PAGE_SEARCH,	/* finds products as the visitor types */
	PAGE_KINDS,
};

struct site_page {
	enum page_kind kind;
	size_t lang;	  /* index into site.langs */
	size_t index;	  /* of the product, producer, group, place of the
			     areas, story or page; the star level for
			     PAGE_STARS */
	const char *path; /* site path: a folder ("vi/products/x/", "" for
			     the root) or a file ("404.html") */
};

/* A printed catalogue of more products than this is split into parts of
 * one group each, none longer: a file that a phone, a browser's print and
 * a fair's printer can open. */
#define CATALOGUE_PART_MAX 200

/* A part of the printed catalogue: products first .. first + n - 1 of
 * the group's, in the model's order. */
struct catalogue_part {
	size_t group; /* site.ngroups: the products without a group */
	size_t first, n;
	size_t number, of; /* this group's part number of of (from 1) */
};

struct layout {
	struct arena arena;
	struct site_page *pages; /* in a stable order */
	size_t npages;
	/* Products per group, place of the areas and star level: listings
	 * exist only for those that have products. */
	size_t *group_count, *area_count;
	size_t star_count[6];
	/* The printed catalogue's parts (PAGE_CATALOGUE index k is parts[k -
	 * 1]); none when it fits on one page. */
	struct catalogue_part *parts;
	size_t nparts;
	size_t nproducts;
	/* Product indexes in the order of listings: the most stars first,
	 * then the model's order (model_by_stars). */
	size_t *by_stars;
	/* The same, by group, by place and by star level: the products
	 * of group g are by_group[group_first[g] .. group_first[g + 1]). */
	size_t *by_group, *group_first;
	size_t *by_area, *area_first;
	size_t *by_level, level_first[7];
	/* The products in the model's order, by group (those without one
	 * last): a catalogue part's are a run of them. */
	size_t *in_groups, *in_group_first;
};

/* Lists every page of a validated model. Free with layout_release. */
void layout_build(struct layout *l, const struct model *m);
void layout_release(struct layout *l);

/* The products a listing page shows (PAGE_PRODUCTS, PAGE_GROUP,
 * PAGE_AREA, PAGE_STARS), in its order: sets *products to indexes
 * owned by the layout and returns how many. 0 for another kind of page. */
size_t layout_listing(const struct layout *l, const struct site_page *page,
		      const size_t **products);

/* The products of part k (from 0) of the printed catalogue, in the model's
 * order: parts[k].n indexes owned by the layout. */
const size_t *layout_part_members(const struct layout *l, size_t k);

/* The folders layout_path puts under each language ("products" for
 * "vi/products/"), and the search index's: a place of the areas lives in
 * "vi/<areas.id>/<place>/", whose id must be none of them. NULL-ended. */
extern const char *const layout_lang_folders[];

/* The site path of a page, allocated in a. */
const char *layout_path(const struct model *m, struct arena *a,
			enum page_kind kind, size_t lang, size_t index);

/* Where a file of an item's folder is published: "media/products/<slug>/
 * images/a.jpg". */
const char *layout_media_path(struct arena *a, const char *section,
			      const char *slug, const char *file);

/* The file a page is written to: its path, plus index.html for a folder. */
const char *layout_file(struct arena *a, const char *path);

/* The path of site.base_url from its host's root: "/" for
 * "https://a.org/", "/ocop/" for "https://a.org/ocop/". Allocated in a. */
const char *layout_base_path(const struct model *m, struct arena *a);

/* The absolute URL of a site path: site.base_url followed by the path, for
 * the few places that need one (sitemap, feeds, canonical and share links,
 * structured data). Links between pages stay relative. Allocated in a. */
const char *layout_url(const struct model *m, struct arena *a,
		       const char *site_path);

/* Where a published version of an image lives, from the site path of its
 * source ("media/products/x/images/cover.jpg"): the WebP of a width
 * ("...cover-480.webp"), or for width 0 the JPEG for link previews
 * ("...cover-share.jpg"). */
const char *layout_image_variant(struct arena *a, const char *source,
				 int width);

/* The site path of the image that stands for a product when its page is
 * shared (Open Graph, structured data, exports): the JPEG that images makes
 * from its first image; NULL when it has none. */
const char *layout_share_image(struct arena *a, const struct product *p);

#endif
