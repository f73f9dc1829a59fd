/* The list of every file a build writes. */
#include "plan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "exports.h"
#include "feeds.h"
#include "images.h"
#include "theme.h"
#include "util.h"
#include "vcard.h"

/* Files made from the records of the whole site rather than from a
 * template: a name, at the root or, per_lang, in each language's folder
 * ("vi/<name>"), and the function that writes it. */
static const struct {
	const char *name;
	bool per_lang;
	site_file_fn *make;
} site_files[] = {
	{"sitemap.xml", false, feeds_sitemap},
	{"robots.txt", false, feeds_robots},
	{FEEDS_ATOM_NAME, true, feeds_atom},
	{EXPORTS_CSV_NAME, true, exports_csv},
	{EXPORTS_JSON_NAME, true, exports_json},
};

static void add(struct plan *p, struct job job)
{
	if (!job.file)
		job.file = job.site_path;
	XGROW(p->jobs, p->njobs, p->cap);
	p->jobs[p->njobs++] = job;
}

static void add_copy(struct plan *p, const char *site_path, const char *src,
		     const char *src_key)
{
	add(p, (struct job){.kind = JOB_COPY,
			    .site_path = site_path,
			    .src = src,
			    .src_key = src_key});
}

/* A file of the image cache, published as it is. */
static void add_image(struct plan *p, const struct images *images,
		      const struct image_variant *v)
{
	add(p, (struct job){.kind = JOB_COPY,
			    .site_path = v->site_path,
			    .src = v->cache_path,
			    .src_key = images_cache_name(images, v->cache_path),
			    .variant = v});
}

void plan_site(struct plan *p, const struct model *m,
	       const struct layout *layout, const struct images *images,
	       const struct theme *th, const struct plan_search *search)
{
	memset(p, 0, sizeof(*p));
	struct arena *a = &p->arena;
	for (size_t i = 0; i < layout->npages; i++)
		add(p, (struct job){
			       .kind = JOB_PAGE,
			       .page = &layout->pages[i],
			       .site_path = layout->pages[i].path,
			       .file = layout_file(a, layout->pages[i].path)});
	for (size_t i = 0; i < ARRAY_SIZE(site_files); i++) {
		size_t n = site_files[i].per_lang ? m->site.nlangs : 1;
		for (size_t l = 0; l < n; l++) {
			const char *path =
				site_files[i].per_lang
					? arena_printf(a, "%s/%s",
						       m->site.langs[l],
						       site_files[i].name)
					: site_files[i].name;
			add(p, (struct job){.kind = JOB_FILE,
					    .lang = l,
					    .site_path = path,
					    .make = site_files[i].make});
		}
	}
	for (size_t l = 0; l < m->site.nlangs; l++)
		for (size_t k = 0; k < search[l].n; k++)
			add(p, (struct job){.kind = JOB_SEARCH,
					    .lang = l,
					    .site_path = arena_strdup(
						    a, search[l].files[k])});
	for (size_t l = 0; l < m->site.nlangs; l++)
		for (size_t i = 0; i < m->nproducers; i++)
			add(p, (struct job){
				       .kind = JOB_VCARD,
				       .lang = l,
				       .producer = i,
				       .site_path = arena_printf(
					       a, "%s%s",
					       layout_path(m, a, PAGE_PRODUCER,
							   l, i),
					       VCARD_FILE),
			       });
	for (size_t i = 0; i < images->n; i++) {
		const struct image_result *res = &images->results[i];
		for (size_t v = 0; v < res->nvariants; v++)
			add_image(p, images, &res->variants[v]);
		if (res->share.site_path)
			add_image(p, images, &res->share);
	}
	/* The theme's few files are read at each build. */
	for (size_t i = 0; i < th->nfiles; i++)
		add_copy(p, arena_printf(a, "assets/%s", th->files[i].name),
			 th->files[i].path, NULL);
	p->files = xcalloc(p->njobs + 1, sizeof(*p->files));
	for (size_t i = 0; i < p->njobs; i++)
		p->files[i] = p->jobs[i].file;
	qsort(p->files, p->njobs, sizeof(*p->files), cmp_strings);
}

void plan_release(struct plan *p)
{
	free(p->jobs);
	free(p->files);
	arena_release(&p->arena);
	memset(p, 0, sizeof(*p));
}
