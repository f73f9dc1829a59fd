/* One build, from the content folder to the output folder. */
#include "build.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "images.h"
#include "import.h"
#include "layout.h"
#include "load.h"
#include "lock.h"
#include "model.h"
#include "publish.h"
#include "render.h"
#include "theme.h"
#include "util.h"
#include "validate.h"

/* The day certificates are judged against: SOURCE_DATE_EPOCH when set, so
 * that a build is reproducible, else today. */
int build_reference_day(struct date *today)
{
	time_t t;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end || v < 0) {
			fprintf(stderr,
				_("ocopgen: SOURCE_DATE_EPOCH must be a "
				  "number of seconds, not \"%s\"\n"),
				sde);
			return -1;
		}
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	struct tm tm;
	gmtime_r(&t, &tm);
	*today = (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	return 0;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The texts of the content, and the theme's interface words, that each
 * language lacks. */
static void print_translation_report(const struct model *m,
				     const struct theme *th, struct diag *d)
{
	/* TRANSLATORS: the start of the line "translations: vi 0 missing,
	 * en 3 missing": how many texts of the content each language
	 * lacks. */
	fputs(_("translations:"), stderr);
	for (size_t i = 0; i < m->site.nlangs; i++) {
		fputc(' ', stderr);
		/* TRANSLATORS: a language's tag ("vi") and how many texts of
		 * the content lack a translation in it. */
		fprintf(stderr, _("%s %zu missing"), m->site.langs[i],
			diag_missing_count(d, m->site.langs[i]));
		fputs(i + 1 < m->site.nlangs ? "," : "\n", stderr);
	}
	/* TRANSLATORS: the start of the line "interface words: vi 0 of 40
	 * missing, en 2 of 40 missing": the theme's words (buttons,
	 * headings) each language lacks. */
	fputs(_("interface words:"), stderr);
	for (size_t i = 0; i < m->site.nlangs; i++) {
		fputc(' ', stderr);
		/* TRANSLATORS: a language's tag ("vi"), how many of the
		 * theme's interface words it lacks, and of how many. */
		fprintf(stderr, _("%s %zu of %zu missing"), m->site.langs[i],
			th->missing[i], th->ninterface);
		fputs(i + 1 < m->site.nlangs ? "," : "\n", stderr);
	}
}

/* What check found, in one line: the records of the content, and the
 * warnings. */
static void print_check_summary(const struct model *m, const struct diag *d)
{
	char products[64], producers[64], stories[64], pages[64], warnings[64];
	snprintf(products, sizeof(products),
		 P_("%zu product", "%zu products", m->nproducts), m->nproducts);
	snprintf(producers, sizeof(producers),
		 P_("%zu producer", "%zu producers", m->nproducers),
		 m->nproducers);
	snprintf(stories, sizeof(stories),
		 P_("%zu story", "%zu stories", m->nstories), m->nstories);
	snprintf(pages, sizeof(pages), P_("%zu page", "%zu pages", m->npages),
		 m->npages);
	snprintf(warnings, sizeof(warnings),
		 P_("%zu warning", "%zu warnings", d->warnings), d->warnings);
	/* TRANSLATORS: what check found: the numbers of products,
	 * producers, stories and pages, then of warnings, each already
	 * translated ("3 products"). */
	fprintf(stderr, _("ocopgen: %s, %s, %s, %s; %s\n"), products, producers,
		stories, pages, warnings);
}

/* What a build did, in one line: the files of the site, and how many were
 * made and written this time. */
static void print_summary(const struct publish *pub,
			  const struct render_result *res, const char *out,
			  const struct timespec *start)
{
	size_t written = atomic_load(&pub->written);
	double mb = (double)atomic_load(&pub->bytes_written) / 1e6;
	fprintf(stderr,
		/* TRANSLATORS: the files of the site, the output folder, then
		 * of the files how many were made and written in this build,
		 * the megabytes written, how many were linked to the previous
		 * build's, and how many removed; then the seconds the build
		 * took. */
		P_("ocopgen: %zu file in %s (%zu made, %zu written, %.1f MB; "
		   "%zu linked, %zu removed) in %.2f s\n",
		   "ocopgen: %zu files in %s (%zu made, %zu written, %.1f MB; "
		   "%zu linked, %zu removed) in %.2f s\n",
		   res->files),
		res->files, out, res->made, written, mb,
		atomic_load(&pub->linked), atomic_load(&pub->removed),
		seconds_since(start));
}

/* Whether url's host is one of the names kept for examples (RFC 2606):
 * example.org, .com, .net, or a name below them. */
static bool example_host(const char *url)
{
	const char *host = strstr(url, "://");
	if (!host)
		return false;
	host += 3;
	size_t len = strcspn(host, "/:?#");
	static const char *const examples[] = {"example.org", "example.com",
					       "example.net"};
	for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		size_t n = strlen(examples[i]);
		if (len >= n && !strncasecmp(host + len - n, examples[i], n) &&
		    (len == n || host[len - n - 1] == '.'))
			return true;
	}
	return false;
}

/* What to do next with the site just built in out: open it, or preview
 * it as it is edited. */
static void print_next(const struct build_opts *o, const char *out)
{
	struct buf more = BUF_INIT;
	if (strcmp(o->dir, "."))
		buf_printf(&more, " -C %s", o->dir);
	if (o->kiosk)
		fprintf(stderr,
			/* TRANSLATORS: the kiosk copy's first page. */
			_("ocopgen: to see the kiosk copy, open %s/index.html "
			  "in a browser\n"),
			out);
	else
		fprintf(stderr,
			/* TRANSLATORS: the site's first page, then the
			 * command of a preview: "build/ocopgen serve". */
			_("ocopgen: to see the site, open %s/index.html in a "
			  "browser, or run: %s serve%s\n"),
			out, o->program, more.data ? more.data : "");
	buf_release(&more);
}

int build_run(const struct build_opts *o, struct diag *d)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct model m = {0};
	struct theme th = {0};
	struct publish pub = {0};
	struct out_lock lock = {.fd = -1};
	struct images images = {0};
	int status = EXIT_CONTENT;
	struct buf display = BUF_INIT, out = BUF_INIT;
	if (strcmp(o->dir, ".")) {
		buf_adds(&display, o->dir);
		while (display.len > 1 && display.data[display.len - 1] == '/')
			display.data[--display.len] = '\0';
		buf_addc(&display, '/');
	}
	if (o->out)
		buf_adds(&out, o->out);
	else
		buf_printf(&out, "%spublic", display.data);

	if (build_reference_day(&m.today) < 0) {
		status = EXIT_USAGE;
		goto done;
	}
	/* An import killed half-way is finished or undone first. */
	if (import_recover(o->dir, display.data) < 0) {
		status = EXIT_OUTPUT;
		goto done;
	}
	int rc = load_content(&m, o->dir, display.data, o->threads, d);
	if (m.site.as_of.year)
		m.today = m.site.as_of;
	if (o->base_path && m.site.base_url) {
		struct arena a = ARENA_INIT;
		free(*o->base_path);
		*o->base_path = xstrdup(layout_base_path(&m, &a));
		arena_release(&a);
	}
	if (m.site.nlangs) {
		if (theme_load(&th, o->dir, &m.site, d) < 0)
			rc = -1;
		else
			theme_name_groups(&th, &m, d);
	}
	/* The kiosk's codes lead phones to base_url: the example's address
	 * leads them nowhere. */
	if (o->kiosk && m.site.base_url && example_host(m.site.base_url))
		diag_warning(d, m.site.base_url_pos,
			     "\"base_url\" is still the example's, %s: the "
			     "kiosk's codes lead visitors' phones to it; write "
			     "the address the site is served at, then build "
			     "the kiosk copy again",
			     m.site.base_url);
	/* References are checked even when some records had errors, so that
	 * one run reports every problem. */
	if (m.site.nlangs && validate_model(&m, d) < 0)
		rc = -1;
	if (rc < 0 || diag_error_count(d))
		goto report;
	if (o->check) {
		if (images_check(&m, o->threads, d) == 0)
			status = EXIT_OK;
		goto report;
	}
	if (publish_check_place(out.data, o->dir, d) < 0 ||
	    lock_take(&lock, out.data, o->wait, o->quiet, d) < 0 ||
	    publish_begin(&pub, out.data, o->dir, d) < 0) {
		status = EXIT_OUTPUT;
		goto report;
	}
	pub.throwaway = o->throwaway;
	pub.verify = o->verify;
	struct images_opts io = {
		.threads = o->threads,
		.progress = !o->quiet && isatty(STDERR_FILENO),
	};
	struct buf cache = BUF_INIT;
	buf_printf(&cache, "%s.ocopgen-cache", display.data);
	rc = images_process(&images, &m, cache.data, &io, d);
	buf_release(&cache);
	if (rc < 0)
		goto report;
	struct render_opts ro = {.kiosk = o->kiosk, .threads = o->threads};
	struct render_result res;
	if (render_site(&m, &th, &images, &ro, &pub, &res, d) < 0)
		goto report;
	rc = publish_commit(&pub, &res.site, d);
	manifest_release(&res.site);
	if (rc < 0) {
		status = EXIT_OUTPUT;
		goto report;
	}
	images_prune_cache(&images);
	status = EXIT_OK;
	if (!o->quiet) {
		diag_print(d, stderr, o->quote ? DIAG_QUOTE : 0);
		print_summary(&pub, &res, out.data, &start);
		if (o->program)
			print_next(o, out.data);
		goto done;
	}

report:
	/* A file that could not be written is a fault of the output's disk
	 * or folder, whichever stage met it, not of the content. */
	if (status == EXIT_CONTENT && diag_write_error_count(d))
		status = EXIT_OUTPUT;
	diag_print(d, stderr,
		   (o->quiet ? DIAG_QUIET : 0) | (o->quote ? DIAG_QUOTE : 0));
	if (status == EXIT_OK && o->check && !o->quiet) {
		print_translation_report(&m, &th, d);
		print_check_summary(&m, d);
	}
	if (status == EXIT_OUTPUT)
		fprintf(stderr,
			P_("ocopgen: %zu error; the output folder is as it "
			   "was before this build\n",
			   "ocopgen: %zu errors; the output folder is as it "
			   "was before this build\n",
			   d->errors),
			d->errors);
	else if (status != EXIT_OK)
		fprintf(stderr,
			P_("ocopgen: %zu error; nothing was written\n",
			   "ocopgen: %zu errors; nothing was written\n",
			   d->errors),
			d->errors);
done:
	publish_end(&pub);
	lock_release(&lock);
	images_release(&images);
	theme_release(&th);
	model_release(&m);
	buf_release(&display);
	buf_release(&out);
	return status;
}
