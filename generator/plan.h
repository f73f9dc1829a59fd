/*
 * plan: every file of the site as a job, before any is written: the pages
 * of the layout, the files made from the whole site (sitemap, feeds,
 * exports, search index), each producer's vCard, the published images and
 * the theme's static files. Jobs are independent; render runs them on a
 * pool of threads.
 */
#ifndef OCOPGEN_PLAN_H
#define OCOPGEN_PLAN_H

#include <stddef.h>

#include "arena.h"
#include "layout.h"
#include "site_view.h"

struct images;
struct theme;

enum job_kind {
	JOB_PAGE,   /* a page of the layout, through its template */
	JOB_FILE,   /* a file made by a site_file_fn */
	JOB_VCARD,  /* a producer's contact.vcf */
	JOB_COPY,   /* a file copied as it is */
	JOB_SEARCH, /* a part of a language's search index */
};

struct job {
	enum job_kind kind;
	const struct site_page *page; /* JOB_PAGE */
	size_t lang;		      /* JOB_FILE, JOB_VCARD, JOB_SEARCH */
	size_t producer;	      /* JOB_VCARD */
	const char *site_path;	      /* the file to write: "404.html",
					 "vi/feed.xml"; a page's folder */
	const char *file;	      /* the file it makes, from the site's
					 root: a page's "vi/index.html" */
	const char *src;	      /* JOB_COPY: the file to copy */
	const char *src_key;	      /* JOB_COPY: a name that changes
					 whenever its bytes do (an image
					 cache entry's), or NULL */
	const struct image_variant *variant; /* JOB_COPY of an image cache
						entry: read through images */
	site_file_fn *make;		     /* JOB_FILE */
};

struct plan {
	struct arena arena; /* the jobs' paths */
	struct job *jobs;
	size_t njobs, cap;
	const char **files; /* every job's file, sorted with strcmp */
};

/* The files of one language's search index, the head first: how many
 * there are depends on the index, which plan does not make. */
struct plan_search {
	const char *const *files;
	size_t n;
};

/* Lists every file of the site; search[lang] for each language of the
 * site. The model, layout, images and theme are borrowed and must outlive
 * the plan. Release with plan_release. */
void plan_site(struct plan *p, const struct model *m,
	       const struct layout *layout, const struct images *images,
	       const struct theme *th, const struct plan_search *search);
void plan_release(struct plan *p);

#endif
