/*
 * ocopgen: the command line, then the pipeline in order:
 * load -> validate -> render -> publish.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "images.h"
#include "layout.h"
#include "load.h"
#include "model.h"
#include "pool.h"
#include "publish.h"
#include "render.h"
#include "theme.h"
#include "validate.h"

enum exit_status {
	EXIT_OK = 0,
	EXIT_CONTENT = 1, /* errors in content or theme; nothing written */
	EXIT_USAGE = 2,
	EXIT_OUTPUT = 3, /* the output folder could not be written */
};

struct options {
	const char *command;
	const char *dir;
	const char *out;
	bool kiosk;
	bool quiet;
	int threads;
};

static const char usage_text[] =
	"usage: ocopgen build [-C DIR] [-o OUT] [--kiosk] [-j N] [-q]\n"
	"       ocopgen check [-C DIR]\n"
	"       ocopgen --help | --version\n";

static const char help_text[] =
	"ocopgen builds a multilingual catalogue of OCOP products from a\n"
	"folder of content (JSON records, Markdown stories, photos).\n"
	"\n"
	"Commands:\n"
	"  build        check the content, then write the site\n"
	"  check        check the content and theme; write nothing\n"
	"\n"
	"Options:\n"
	"  -C DIR       the site folder, holding content/ (default: .)\n"
	"  -o OUT       the output folder (default: DIR/public); it is\n"
	"               replaced whole, and only when the build succeeds\n"
	"  --kiosk      the copy for a touchscreen at a fair, from file://:\n"
	"               links name index.html; QR codes, idle reset\n"
	"  -j N         threads (default: the number of processors)\n"
	"  -q           print errors only\n"
	"  -h, --help   this help\n"
	"  --version    the version\n"
	"\n"
	"Exit status: 0 success (warnings allowed), 1 errors in the content\n"
	"or theme (nothing written), 2 wrong usage, 3 the output folder\n"
	"could not be written.\n";

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ocopgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage_text);
	return EXIT_USAGE;
}

/* Fills o from the command line; options may stand before or after the
 * command. Returns 0 to go on, or an exit status plus one when the run is
 * over (help, version, a usage error). */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"kiosk", no_argument, NULL, 'k'},
		{"quiet", no_argument, NULL, 'q'},
		{"jobs", required_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"directory", required_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	*o = (struct options){.dir = ".", .threads = pool_default_threads()};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hC:o:j:q", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			fputs(help_text, stdout);
			return EXIT_OK + 1;
		case 'V':
			printf("ocopgen %s\n", OCOPGEN_VERSION);
			return EXIT_OK + 1;
		case 'C':
			o->dir = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'k':
			o->kiosk = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > POOL_MAX_THREADS)
				return usage_error("-j takes a number of "
						   "threads from 1 to %d, not "
						   "\"%s\"",
						   POOL_MAX_THREADS, optarg) +
				       1;
			o->threads = (int)n;
			break;
		}
		case ':':
			return usage_error("option \"%s\" needs a value",
					   argv[optind - 1]) +
			       1;
		default:
			return usage_error("unknown option \"%s\"",
					   argv[optind - 1]) +
			       1;
		}
	}
	if (optind >= argc)
		return usage_error("a command is needed") + 1;
	o->command = argv[optind++];
	if (strcmp(o->command, "build") && strcmp(o->command, "check"))
		return usage_error("unknown command \"%s\"", o->command) + 1;
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]) +
		       1;
	if (!strcmp(o->command, "check") && (o->out || o->kiosk))
		return usage_error("check writes nothing: -o and --kiosk go "
				   "with build") +
		       1;
	return 0;
}

/* The day certificates are judged against: SOURCE_DATE_EPOCH when set, so
 * that a build is reproducible, else today. */
static int reference_day(struct date *today)
{
	time_t t;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end || v < 0) {
			fprintf(stderr,
				"ocopgen: SOURCE_DATE_EPOCH must be a "
				"number of seconds, not \"%s\"\n",
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

static void print_translation_report(const struct model *m, struct diag *d)
{
	fprintf(stderr, "translations:");
	for (size_t i = 0; i < m->site.nlangs; i++)
		fprintf(stderr, " %s %zu missing%s", m->site.langs[i],
			diag_missing_count(d, m->site.langs[i]),
			i + 1 < m->site.nlangs ? "," : "\n");
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
		"ocopgen: %zu files in %s (%zu made, %zu written, %.1f MB; "
		"%zu linked, %zu removed) in %.2f s\n",
		res->files, out, res->made, written, mb,
		atomic_load(&pub->linked), atomic_load(&pub->removed),
		seconds_since(start));
}

static int run(const struct options *o)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct diag d;
	diag_init(&d);
	struct model m = {0};
	struct theme th = {0};
	struct publish pub = {0};
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

	if (reference_day(&m.today) < 0) {
		status = EXIT_USAGE;
		goto done;
	}
	int rc = load_content(&m, o->dir, display.data, o->threads, &d);
	if (m.site.as_of.year)
		m.today = m.site.as_of;
	if (m.site.nlangs) {
		char *theme_dir = theme_locate(o->dir);
		if (!theme_dir) {
			diag_error(&d, (struct pos){"themes/default", 0, 0},
				   "no theme found: ocopgen looks in "
				   "DIR/themes/default and where it is "
				   "installed");
			rc = -1;
		} else {
			if (theme_load(&th, theme_dir, &m.site, &d) < 0)
				rc = -1;
			free(theme_dir);
		}
	}
	/* References are checked even when some records had errors, so that
	 * one run reports every problem. */
	if (m.site.nlangs && validate_model(&m, &d) < 0)
		rc = -1;
	if (rc < 0 || diag_error_count(&d))
		goto report;
	if (!strcmp(o->command, "check")) {
		status = EXIT_OK;
		goto report;
	}
	if (publish_begin(&pub, out.data, o->dir, &d) < 0) {
		status = EXIT_OUTPUT;
		goto report;
	}
	struct images_opts io = {
		.threads = o->threads,
		.progress = !o->quiet && isatty(STDERR_FILENO),
	};
	struct buf cache = BUF_INIT;
	buf_printf(&cache, "%s/.ocopgen-cache", o->dir);
	rc = images_process(&images, &m, cache.data, &io, &d);
	buf_release(&cache);
	if (rc < 0)
		goto report;
	struct render_opts ro = {.kiosk = o->kiosk, .threads = o->threads};
	struct render_result res;
	if (render_site(&m, &th, &images, &ro, &pub, &res, &d) < 0)
		goto report;
	rc = publish_commit(&pub, &res.site, &d);
	manifest_release(&res.site);
	if (rc < 0) {
		status = EXIT_OUTPUT;
		goto report;
	}
	images_prune_cache(&images);
	status = EXIT_OK;
	if (!o->quiet) {
		diag_print(&d, stderr, 0);
		print_summary(&pub, &res, out.data, &start);
		goto done;
	}

report:
	/* A file that could not be written is a fault of the output's disk
	 * or folder, whichever stage met it, not of the content. */
	if (status == EXIT_CONTENT && diag_write_error_count(&d))
		status = EXIT_OUTPUT;
	diag_print(&d, stderr, o->quiet);
	if (status == EXIT_OK && !strcmp(o->command, "check") && !o->quiet) {
		print_translation_report(&m, &d);
		fprintf(stderr,
			"ocopgen: %zu products, %zu producers, %zu "
			"stories, %zu pages; %zu warnings\n",
			m.nproducts, m.nproducers, m.nstories, m.npages,
			d.warnings);
	}
	if (status == EXIT_OUTPUT)
		fprintf(stderr,
			"ocopgen: %zu error%s; the output folder is as it "
			"was before this build\n",
			d.errors, d.errors == 1 ? "" : "s");
	else if (status != EXIT_OK)
		fprintf(stderr, "ocopgen: %zu error%s; nothing was written\n",
			d.errors, d.errors == 1 ? "" : "s");
done:
	publish_end(&pub);
	images_release(&images);
	theme_release(&th);
	model_release(&m);
	diag_release(&d);
	buf_release(&display);
	buf_release(&out);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	int rc = parse_options(argc, argv, &o);
	if (rc > 0)
		return rc - 1;
	xmlInitParser();
	int status = run(&o);
	xmlCleanupParser();
	return status;
}
