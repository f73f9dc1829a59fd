/*
 * build: one run over a site folder, from content/ to the output folder:
 * load, validate, images, render, publish, then what it did on stderr.
 * The commands build and check run it once; serve runs it at each change.
 */
#ifndef OCOPGEN_BUILD_H
#define OCOPGEN_BUILD_H

#include <stdbool.h>

#include "diag.h"

enum exit_status {
	EXIT_OK = 0,
	EXIT_CONTENT = 1, /* errors in content or theme; nothing written */
	EXIT_USAGE = 2,
	EXIT_OUTPUT = 3, /* the output folder could not be written */
};

struct build_opts {
	const char *dir; /* the site folder, holding content/ */
	const char *out; /* the output folder; NULL: DIR/public */
	bool check;	 /* read and check only; write nothing */
	bool kiosk;	 /* the copy for a touchscreen, from file:// */
	bool quiet;	 /* print errors only */
	bool quote;	 /* print each error's line under it */
	int threads;	 /* at least 1 */
	/* The output is a throwaway (serve's temporary folder): it is not
	 * made durable before it is swapped in. */
	bool throwaway;
	/* Files reused from the output or its spare are read again and
	 * compared with their hash, not trusted on their size and time. */
	bool verify;
	/* Seconds to wait while another build writes the same output. */
	int wait;
	/* How the program was run (argv[0]), to name the command that shows
	 * the site once it is built; NULL: nothing is suggested (serve). */
	const char *program;
	/* When not NULL, set to the path of site.base_url from its host's
	 * root ("/", "/ocop/") once site.json is read; the caller frees
	 * it. */
	char **base_path;
};

/* Builds (or checks) the site of o->dir. Every problem goes to d, which
 * the caller has initialized and releases; they are printed on stderr
 * with a summary. Returns an exit status: EXIT_OK, EXIT_CONTENT (the
 * output is as it was) or EXIT_OUTPUT. */
int build_run(const struct build_opts *o, struct diag *d);

struct date;
/* The day certificates are judged against, unless site.json sets as_of:
 * SOURCE_DATE_EPOCH when set, so that a build is reproducible, else
 * today. Returns 0, or -1 after saying that SOURCE_DATE_EPOCH is wrong. */
int build_reference_day(struct date *today);

#endif
