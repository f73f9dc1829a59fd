/*
 * The site's files: planned, made on a pool of threads, handed to publish.
 * Each worker keeps an arena, a buffer and a hash state that it reuses from
 * job to job.
 */
#include "render.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "layout.h"
#include "links.h"
#include "linkcheck.h"
#include "page_data.h"
#include "page_key.h"
#include "plan.h"
#include "pool.h"
#include "search.h"
#include "template.h"
#include "util.h"
#include "vcard.h"

struct worker_state {
	struct arena arena;
	struct buf out;
	XXH3_state_t *hash;
	struct template_links links; /* of the page being rendered */
};

/* A language's search index. Its files are those of the index made for
 * this build, or, when the index's inputs did not change, those that the
 * output's manifest lists; then the index is made only if one of them is
 * to be written after all (removed from the output by hand). The last of
 * its parts' jobs frees it. */
struct search_slot {
	pthread_mutex_t lock;
	XXH128_hash_t key; /* of its inputs */
	struct search_index *ix;
	const char **files; /* from the manifest when ix was not made */
	size_t nfiles;
	atomic_size_t done; /* parts */
};

struct renderer {
	const struct model *m;
	const struct images *images;
	const struct render_opts *o;
	struct publish *pub;
	struct diag *d;
	struct layout layout;
	struct page_data pages;
	struct plan plan;
	struct link_site links;
	const char *root_base;	/* of the 404 page on the web; NULL in the
				   kiosk */
	XXH128_hash_t base_key; /* the program, the templates, the flavour */
	/* The content that language shows, the day, the images. */
	XXH128_hash_t site_keys[MODEL_MAX_LANGS];
	XXH128_hash_t records_key; /* the records, the day, the images */
	XXH128_hash_t *page_keys;  /* [layout.npages] */
	bool may_skip;		   /* the output's manifest may be trusted */
	const struct template *templates[PAGE_KINDS];
	struct worker_state ws[POOL_MAX_THREADS];
	struct search_slot search[MODEL_MAX_LANGS];
	size_t search_make; /* languages whose index is made */
	pthread_t search_thread;
	bool search_thread_made;
	XXH128_hash_t *hashes, *keys; /* [njobs] */
	struct file_stamp *stamps;    /* [njobs]: as published */
	atomic_size_t made;
};

/* The hash of this program's own file: pages made by another build of
 * ocopgen are made again. When it cannot be read, a key that no manifest
 * holds. */
static XXH128_hash_t program_key(void)
{
	struct buf b = BUF_INIT;
	XXH128_hash_t key;
	if (buf_read_file(&b, "/proc/self/exe") == 0) {
		key = XXH3_128bits(b.data, b.len);
	} else {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		long long v[3] = {t.tv_sec, t.tv_nsec, getpid()};
		key = XXH3_128bits(v, sizeof(v));
	}
	buf_release(&b);
	return key;
}

/* Starts st with what every job's key holds. */
static void key_begin(const struct renderer *r, XXH3_state_t *st, int kind)
{
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, &r->base_key, sizeof(r->base_key));
	XXH3_128bits_update(st, &kind, sizeof(kind));
}

/* True when the output holds what job makes, under key: its hash is then
 * set, and publish is told. */
static bool known(struct renderer *r, size_t index, XXH128_hash_t key)
{
	const struct job *job = &r->plan.jobs[index];
	r->keys[index] = key;
	if (!r->may_skip)
		return false;
	const struct manifest_entry *e =
		manifest_find(&r->pub->live, job->file);
	if (!e || !hash_equal(e->key, key))
		return false;
	r->hashes[index] = e->hash;
	/* A file removed from the output by hand is made again. */
	return publish_file(r->pub, job->file, e->hash, NULL, 0,
			    &r->stamps[index]) == 0;
}

/* Hands the bytes made for job to publish. */
static void publish_made(struct renderer *r, struct worker_state *ws,
			 size_t index)
{
	const struct job *job = &r->plan.jobs[index];
	XXH128_hash_t hash = XXH3_128bits(ws->out.data, ws->out.len);
	r->hashes[index] = hash;
	atomic_fetch_add(&r->made, 1);
	publish_file(r->pub, job->file, hash, ws->out.data, ws->out.len,
		     &r->stamps[index]);
}

static void run_page(struct renderer *r, struct worker_state *ws, size_t index)
{
	const struct job *job = &r->plan.jobs[index];
	const struct site_page *page = job->page;
	if (known(r, index, r->page_keys[page - r->layout.pages]))
		return;
	ws->links.n = 0;
	struct template_env env = {
		.links = &ws->links,
		.depth = link_depth(page->path),
		.kiosk = r->o->kiosk,
		.page_lang = r->m->site.langs[page->lang],
		/* A host serves 404.html for any missing address, at any
		 * depth: its links start from the root of the host, with the
		 * path of base_url (never its domain, which may not be where
		 * the site is served). The kiosk copy has no host, and keeps
		 * them relative. */
		.root_base = page->kind == PAGE_NOT_FOUND ? r->root_base : NULL,
	};
	/* Built already, unless the output was to hold this page under its
	 * key but lacks it (removed by hand). */
	page_data_build(&r->pages, page->lang, 1);
	struct value *data = page_data_of(&r->pages, &ws->arena, page);
	if (template_run(r->templates[page->kind], data, &env, &ws->out, r->d) <
	    0)
		return;
	struct buf shown = BUF_INIT;
	buf_printf(&shown, "%s/%s", r->pub->out, job->file);
	linkcheck_page(&r->links, job->file, shown.data, ws->out.data,
		       ws->out.len, &ws->links, r->d);
	buf_release(&shown);
	publish_made(r, ws, index);
}

/* A file copied as it is: known from the output when its source is an
 * image cache entry of the same name (the name changes with the bytes). */
static void run_copy(struct renderer *r, struct worker_state *ws, size_t index)
{
	const struct job *job = &r->plan.jobs[index];
	if (job->src_key) {
		key_begin(r, ws->hash, JOB_COPY);
		XXH3_128bits_update(ws->hash, job->file, strlen(job->file) + 1);
		XXH3_128bits_update(ws->hash, job->src_key,
				    strlen(job->src_key) + 1);
		if (known(r, index, XXH3_128bits_digest(ws->hash)))
			return;
	}
	if (job->variant) {
		if (images_read_entry(r->images, job->variant, &ws->out, r->d) <
		    0)
			return;
	} else if (buf_read_file(&ws->out, job->src) < 0) {
		diag_error_errno(r->d, pos_file(job->src), errno,
				 "cannot read");
		return;
	}
	publish_made(r, ws, index);
}

/* The key of a file of the search index whose inputs have key key. */
static XXH128_hash_t search_part_key(const XXH128_hash_t *key, const char *file)
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		die_oom();
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, key, sizeof(*key));
	XXH3_128bits_update(st, file, strlen(file) + 1);
	XXH128_hash_t k = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return k;
}

/* A part of a language's search index: known from the output when its
 * inputs did not change; otherwise taken from the language's index, made
 * once. */
static void run_search(struct renderer *r, struct worker_state *ws,
		       size_t index)
{
	const struct job *job = &r->plan.jobs[index];
	struct search_slot *slot = &r->search[job->lang];
	if (!known(r, index, search_part_key(&slot->key, job->file))) {
		pthread_mutex_lock(&slot->lock);
		if (!slot->ix) {
			struct site_view view = {r->m, &r->layout, r->images};
			slot->ix = search_index_make(&view, job->lang);
		}
		pthread_mutex_unlock(&slot->lock);
		/* The index made from the same inputs has the same files. */
		for (size_t k = 0; k < search_index_parts(slot->ix); k++) {
			if (strcmp(search_index_file(slot->ix, k), job->file))
				continue;
			const struct buf *b = search_index_part(slot->ix, k);
			buf_add(&ws->out, b->data, b->len);
			publish_made(r, ws, index);
			break;
		}
	}
	if (atomic_fetch_add(&slot->done, 1) + 1 == slot->nfiles) {
		search_index_free(slot->ix);
		slot->ix = NULL;
	}
}

static void run_job(void *ctx, size_t index, int worker)
{
	struct renderer *r = ctx;
	struct worker_state *ws = &r->ws[worker];
	const struct job *job = &r->plan.jobs[index];
	arena_reset(&ws->arena);
	buf_reset(&ws->out);
	if (!ws->hash && !(ws->hash = XXH3_createState()))
		die_oom();
	switch (job->kind) {
	case JOB_PAGE:
		run_page(r, ws, index);
		return;
	case JOB_COPY:
		run_copy(r, ws, index);
		return;
	case JOB_SEARCH:
		run_search(r, ws, index);
		return;
	case JOB_VCARD:
	case JOB_FILE:
		/* Made from the model and the images, nothing else: a
		 * vCard from its producer's record and site.json; a feed,
		 * an export or the sitemap from the records. */
		key_begin(r, ws->hash, job->kind);
		XXH3_128bits_update(ws->hash, job->file, strlen(job->file) + 1);
		if (job->kind == JOB_VCARD) {
			XXH128_hash_t in[2] = {
				r->m->producers[job->producer].key,
				r->m->site_key};
			XXH3_128bits_update(ws->hash, in, sizeof(in));
		} else {
			XXH3_128bits_update(ws->hash, &r->records_key,
					    sizeof(r->records_key));
		}
		if (known(r, index, XXH3_128bits_digest(ws->hash)))
			return;
		break;
	}
	switch (job->kind) {
	case JOB_PAGE:
	case JOB_COPY:
	case JOB_SEARCH:
		return;
	case JOB_VCARD:
		vcard_write(r->m, job->producer, job->lang, &ws->out);
		break;
	case JOB_FILE: {
		struct site_view view = {r->m, &r->layout, r->images};
		job->make(&view, job->lang, &ws->out);
		break;
	}
	}
	publish_made(r, ws, index);
}

/* The language of a job: whose page data it reads, or whose file it
 * makes; 0 for a file copied. */
static size_t job_lang(const struct job *job)
{
	switch (job->kind) {
	case JOB_PAGE:
		return job->page->lang;
	case JOB_COPY:
		return 0;
	case JOB_FILE:
	case JOB_VCARD:
	case JOB_SEARCH:
		break;
	}
	return job->lang;
}

/* The jobs of one language, for pool_run. */
struct phase {
	struct renderer *r;
	const size_t *jobs;
};

static void run_phase_job(void *ctx, size_t index, int worker)
{
	struct phase *ph = ctx;
	run_job(ph->r, ph->jobs[index], worker);
}

/* Runs every job, language by language: a language's page data is built
 * before its jobs when one of its pages is to be rendered (build[lang]),
 * and dropped after them, so that one language's is in memory at a
 * time. */
static void run_jobs(struct renderer *r, const bool *build)
{
	size_t n = r->plan.njobs, nl = r->m->site.nlangs;
	size_t first[MODEL_MAX_LANGS + 1] = {0}, next[MODEL_MAX_LANGS];
	size_t *order = xcalloc(n + 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		first[job_lang(&r->plan.jobs[i]) + 1]++;
	for (size_t l = 0; l < nl; l++)
		first[l + 1] += first[l];
	memcpy(next, first, sizeof(next));
	for (size_t i = 0; i < n; i++)
		order[next[job_lang(&r->plan.jobs[i])]++] = i;
	for (size_t l = 0; l < nl; l++) {
		if (build[l])
			page_data_build(&r->pages, l, r->o->threads);
		struct phase ph = {r, order + first[l]};
		pool_run(first[l + 1] - first[l], r->o->threads, run_phase_job,
			 &ph);
		page_data_drop(&r->pages, l);
		give_back_memory();
	}
	free(order);
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
						   th->layers[th->nlayers - 1],
						   name)),
			   "missing: the theme needs this template");
		arena_release(&a);
		rc = -1;
	}
	return rc;
}

/* What the files made from the whole site depend on: the content files
 * (content: of one language or of all), the day certificates are judged
 * against, the images published. */
static XXH128_hash_t site_key(const struct model *m,
			      const struct images *images,
			      const XXH128_hash_t *content)
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		die_oom();
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, content, sizeof(*content));
	int day[3] = {m->today.year, m->today.month, m->today.day};
	XXH3_128bits_update(st, day, sizeof(day));
	for (size_t i = 0; i < images->n; i++)
		images_key(st, images, &images->results[i]);
	XXH128_hash_t key = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return key;
}

/* Lists in slot the files of language lang's index that the output holds,
 * when the index's inputs are those of the output's. Returns false when
 * the index is to be made. */
static bool search_from_output(struct renderer *r, size_t lang)
{
	struct search_slot *slot = &r->search[lang];
	const struct manifest *live = &r->pub->live;
	if (r->o->full)
		return false;
	struct arena a = ARENA_INIT;
	const char *code = r->m->site.langs[lang];
	const char *head = arena_printf(&a, "%s/%s", code, SEARCH_INDEX_FILE);
	const char *dir = arena_printf(&a, "%s/%s", code, SEARCH_PARTS_DIR);
	const struct manifest_entry *e = manifest_find(live, head);
	bool same = e && hash_equal(e->key, search_part_key(&slot->key, head));
	if (same) {
		size_t len = strlen(dir);
		slot->files = xmalloc((live->n + 1) * sizeof(*slot->files));
		slot->files[slot->nfiles++] = e->file;
		for (size_t i = 0; i < live->n; i++)
			if (!strncmp(live->entries[i].file, dir, len))
				slot->files[slot->nfiles++] =
					live->entries[i].file;
	}
	arena_release(&a);
	return same;
}

static void make_search(void *ctx, size_t index, int worker)
{
	struct renderer *r = ctx;
	(void)worker;
	struct site_view view = {r->m, &r->layout, r->images};
	for (size_t l = 0, n = 0; l < r->m->site.nlangs; l++)
		if (!r->search[l].files && n++ == index) {
			r->search[l].ix = search_index_make(&view, l);
			give_back_memory();
		}
}

static void *make_search_thread(void *ctx)
{
	struct renderer *r = ctx;
	pool_run(r->search_make, r->o->threads, make_search, r);
	return NULL;
}

/* Starts making the search index of each language whose inputs are not
 * those of the output's, beside what the caller does next (the page
 * data): the index reads the model alone. */
static void search_begin(struct renderer *r)
{
	for (size_t l = 0; l < r->m->site.nlangs; l++) {
		struct search_slot *slot = &r->search[l];
		XXH3_state_t *st = XXH3_createState();
		if (!st)
			die_oom();
		key_begin(r, st, JOB_SEARCH);
		XXH3_128bits_update(st, &r->site_keys[l],
				    sizeof(r->site_keys[l]));
		slot->key = XXH3_128bits_digest(st);
		XXH3_freeState(st);
		r->search_make += !search_from_output(r, l);
	}
	r->search_thread_made =
		r->search_make && pthread_create(&r->search_thread, NULL,
						 make_search_thread, r) == 0;
	if (!r->search_thread_made)
		make_search_thread(r);
}

/* The files of each language's search index, once search_begin's indexes
 * are made: the output's, or those of an index made now. */
static void search_end(struct renderer *r, struct plan_search *out)
{
	if (r->search_thread_made)
		pthread_join(r->search_thread, NULL);
	for (size_t l = 0; l < r->m->site.nlangs; l++) {
		struct search_slot *slot = &r->search[l];
		if (!slot->files) {
			slot->nfiles = search_index_parts(slot->ix);
			slot->files =
				xmalloc(slot->nfiles * sizeof(*slot->files));
			for (size_t k = 0; k < slot->nfiles; k++)
				slot->files[k] = search_index_file(slot->ix, k);
		}
		out[l] = (struct plan_search){slot->files, slot->nfiles};
	}
}

/* True for a part of a search index other than its head: search.js loads
 * them, no page links to them. */
static bool search_part(const char *file)
{
	const char *slash = strchr(file, '/');
	return slash &&
	       !strncmp(slash + 1, SEARCH_PARTS_DIR, strlen(SEARCH_PARTS_DIR));
}

/* Sets langs[l] for each language l with a page that the output's
 * manifest lacks under its key. */
static void pages_to_make(const struct renderer *r, bool *langs)
{
	const struct layout *l = &r->layout;
	struct arena a = ARENA_INIT;
	for (size_t i = 0; i < l->npages; i++) {
		const struct site_page *page = &l->pages[i];
		if (langs[page->lang])
			continue;
		const struct manifest_entry *e = manifest_find(
			&r->pub->live, layout_file(&a, page->path));
		langs[page->lang] = r->o->full || !e ||
				    !hash_equal(e->key, r->page_keys[i]);
		arena_reset(&a);
	}
	arena_release(&a);
}

/* The output's manifest can stand for pages not rendered again when it
 * lists nothing that this site lacks: a page linking to a file that is
 * gone would then not be checked again. The parts of a search index are
 * as many as the index needs, so an edit may leave one fewer: that says
 * nothing of the pages. */
static bool output_may_stand(const struct renderer *r)
{
	const struct manifest *live = &r->pub->live;
	if (r->o->full || !live->n)
		return false;
	for (size_t i = 0; i < live->n; i++)
		if (!search_part(live->entries[i].file) &&
		    !bsearch(&live->entries[i].file, r->plan.files,
			     r->plan.njobs, sizeof(*r->plan.files),
			     cmp_strings))
			return false;
	return true;
}

int render_site(const struct model *m, const struct theme *th,
		const struct images *images, const struct render_opts *o,
		struct publish *pub, struct render_result *res, struct diag *d)
{
	memset(res, 0, sizeof(*res));
	struct renderer r = {
		.m = m, .images = images, .o = o, .pub = pub, .d = d};
	if (find_templates(&r, th) < 0)
		return -1;
	size_t errors = diag_error_count(d);
	layout_build(&r.layout, m);
	XXH128_hash_t parts[2] = {program_key(), th->templates_key};
	unsigned char kiosk = o->kiosk;
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		die_oom();
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, parts, sizeof(parts));
	XXH3_128bits_update(st, &kiosk, 1);
	r.base_key = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	for (size_t l = 0; l < MODEL_MAX_LANGS; l++)
		r.site_keys[l] = site_key(m, images, &m->content_key[l]);
	r.records_key = site_key(m, images, &m->records_key);
	for (size_t l = 0; l < MODEL_MAX_LANGS; l++) {
		pthread_mutex_init(&r.search[l].lock, NULL);
		atomic_init(&r.search[l].done, 0);
	}
	struct arena a = ARENA_INIT;
	r.root_base = o->kiosk ? NULL : layout_base_path(m, &a);
	struct plan_search search[MODEL_MAX_LANGS];
	search_begin(&r);
	struct page_key_inputs keys = {
		.m = m,
		.layout = &r.layout,
		.images = images,
		.th = th,
		.base = r.base_key,
		.root_base = r.root_base,
		.threads = o->threads,
	};
	r.page_keys = page_keys_make(&keys);
	/* The page data of the languages with pages that the output lacks;
	 * of all, if the output cannot stand for its pages after all. The
	 * first is built beside the search indexes. */
	page_data_init(&r.pages, m, th, images, &r.layout, o->kiosk);
	bool build[MODEL_MAX_LANGS] = {0};
	pages_to_make(&r, build);
	for (size_t l = 0; l < m->site.nlangs; l++)
		if (build[l]) {
			page_data_build(&r.pages, l, o->threads);
			break;
		}
	search_end(&r, search);
	plan_site(&r.plan, m, &r.layout, images, th, search);
	r.links = (struct link_site){r.plan.files, r.plan.njobs,
				     layout_base_path(m, &a)};
	r.may_skip = output_may_stand(&r);
	if (!r.may_skip)
		memset(build, 1, sizeof(build));
	r.hashes = xcalloc(r.plan.njobs + 1, sizeof(*r.hashes));
	r.keys = xcalloc(r.plan.njobs + 1, sizeof(*r.keys));
	r.stamps = xcalloc(r.plan.njobs + 1, sizeof(*r.stamps));
	atomic_init(&r.made, 0);

	run_jobs(&r, build);

	int rc = diag_error_count(d) > errors ? -1 : 0;
	if (rc == 0) {
		for (size_t i = 0; i < r.plan.njobs; i++)
			manifest_add(&res->site, r.plan.jobs[i].file,
				     r.hashes[i], r.keys[i], r.stamps[i]);
		manifest_seal(&res->site);
		res->files = r.plan.njobs;
		res->made = atomic_load(&r.made);
	}
	for (int i = 0; i < POOL_MAX_THREADS; i++) {
		arena_release(&r.ws[i].arena);
		buf_release(&r.ws[i].out);
		if (r.ws[i].hash)
			XXH3_freeState(r.ws[i].hash);
		free(r.ws[i].links.items);
	}
	for (size_t l = 0; l < MODEL_MAX_LANGS; l++) {
		search_index_free(r.search[l].ix); /* after an error */
		free(r.search[l].files);
		pthread_mutex_destroy(&r.search[l].lock);
	}
	free(r.hashes);
	free(r.keys);
	free(r.stamps);
	free(r.page_keys);
	arena_release(&a);
	plan_release(&r.plan);
	page_data_release(&r.pages);
	layout_release(&r.layout);
	return rc;
}
