/*
 * serve: a preview of the site while its content is edited. The site is
 * built into a private temporary folder (never the site's public/) and
 * served over HTTP by libmicrohttpd; content/ and the theme are watched
 * with inotify, and a change (several saves close together count as one)
 * builds the site again. A page shown in a browser reloads itself after
 * each build, by a small script that serve adds to the pages it sends and
 * that is in no built file. A build with errors leaves the last good site
 * served, with the errors, each with its line quoted, over every page and
 * on the terminal.
 */
#ifndef OCOPGEN_SERVE_H
#define OCOPGEN_SERVE_H

#include "build.h"

struct serve_opts {
	struct build_opts build; /* its out and check are serve's own */
	const char *bind;	 /* an address to listen on: 127.0.0.1 */
	int port;		 /* 0: one the system chooses */
};

/* Builds, serves and watches until SIGINT or SIGTERM, then removes the
 * temporary folder. Returns an exit status: EXIT_OK after a stop by a
 * signal, EXIT_USAGE when the address cannot be listened on, EXIT_OUTPUT
 * when the temporary folder or the watches cannot be made. */
int serve_run(const struct serve_opts *o);

#endif
