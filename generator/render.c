/*
 * The site's files: planned, made on a pool of threads, written. Each
 * worker keeps an arena and a buffer that it reuses from job to job.
 */
#include "render.h"

#include <errno.h>

#include "arena.h"
#include "buf.h"
#include "layout.h"
#include "links.h"
#include "output.h"
#include "page_data.h"
#include "plan.h"
#include "pool.h"
#include "template.h"
#include "vcard.h"

struct worker_state {
	struct arena arena;
	struct buf out;
};

struct renderer {
	const struct model *m;
	const struct images *images;
	const struct render_opts *o;
	struct diag *d;
	struct layout layout;
	struct page_data pages;
	struct plan plan;
	struct output out;
	const struct template *templates[PAGE_KINDS];
	struct worker_state ws[POOL_MAX_THREADS];
};

static void run_page(struct renderer *r, struct worker_state *ws,
		     const struct site_page *page)
{
	struct value *data = page_data_of(&r->pages, &ws->arena, page);
	struct template_env env = {
		.depth = link_depth(page->path),
		.kiosk = r->o->kiosk,
		.page_lang = r->m->site.langs[page->lang],
		/* A host serves 404.html for any missing address, at any
		 * depth: its links start from the root of the host, with the
		 * path of base_url (never its domain, which may not be where
		 * the site is served). The kiosk copy has no host, and keeps
		 * them relative. */
		.root_base = page->kind == PAGE_NOT_FOUND && !r->o->kiosk
				     ? layout_base_path(r->m, &ws->arena)
				     : NULL,
	};
	template_run(r->templates[page->kind], data, &env, &ws->out, r->d);
	output_write(&r->out, layout_file(&ws->arena, page->path), ws->out.data,
		     ws->out.len);
}

static void run_job(void *ctx, size_t index, int worker)
{
	struct renderer *r = ctx;
	struct worker_state *ws = &r->ws[worker];
	const struct job *job = &r->plan.jobs[index];
	arena_reset(&ws->arena);
	buf_reset(&ws->out);
	switch (job->kind) {
	case JOB_PAGE:
		run_page(r, ws, job->page);
		return;
	case JOB_COPY:
		if (buf_read_file(&ws->out, job->src) < 0) {
			diag_error_errno(r->d, pos_file(job->src), errno,
					 "cannot read");
			return;
		}
		break;
	case JOB_VCARD:
		vcard_write(r->m, job->producer, job->lang, &ws->out);
		break;
	case JOB_FILE: {
		struct site_view view = {r->m, &r->layout, r->images};
		job->make(&view, job->lang, &ws->out);
		break;
	}
	}
	output_write(&r->out, job->site_path, ws->out.data, ws->out.len);
}

/* Finds the template of each kind of page; reports those the theme lacks.
 * Returns 0, or -1 after reporting. */
static int find_templates(struct renderer *r, const struct theme *th)
{
	int rc = 0;
	for (int k = 0; k < PAGE_KINDS; k++) {
		const char *name = page_template_names[k];
		r->templates[k] = template_find(th->templates, name);
		if (r->templates[k])
			continue;
		struct arena a = ARENA_INIT;
		diag_error(r->d,
			   pos_folder(arena_printf(&a, "%s/templates/%s.html",
						   th->dir, name)),
			   "missing: the theme needs this template");
		arena_release(&a);
		rc = -1;
	}
	return rc;
}

long render_site(const struct model *m, const struct theme *th,
		 const struct images *images, const struct render_opts *o,
		 const char *out_dir, struct diag *d)
{
	struct renderer r = {.m = m, .images = images, .o = o, .d = d};
	if (find_templates(&r, th) < 0)
		return -1;
	layout_build(&r.layout, m);
	page_data_init(&r.pages, m, th, images, &r.layout, o->kiosk);
	plan_site(&r.plan, m, &r.layout, images, th);
	output_init(&r.out, out_dir);
	pool_run(r.plan.njobs, o->threads, run_job, &r);
	output_finish(&r.out, d);
	long written = (long)r.plan.njobs;
	for (int i = 0; i < POOL_MAX_THREADS; i++) {
		arena_release(&r.ws[i].arena);
		buf_release(&r.ws[i].out);
	}
	plan_release(&r.plan);
	page_data_release(&r.pages);
	layout_release(&r.layout);
	return diag_error_count(d) ? -1 : written;
}
