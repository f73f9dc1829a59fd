/*
 * publish: the output folder is replaced whole or not at all. The site is
 * written into a fresh staging folder beside the output, every internal
 * link and asset of every page is checked against the files written, and
 * only then is the staging folder swapped into place. A failed or killed
 * build leaves the previous site as it was.
 */
#ifndef OCOPGEN_PUBLISH_H
#define OCOPGEN_PUBLISH_H

#include "diag.h"

struct publish {
	char *out;     /* the output folder, as given */
	char *staging; /* where the new site is written */
};

/* Checks that out may be replaced (it does not exist, is empty, or was
 * written by ocopgen; it does not hold site_dir), removes staging folders
 * that killed builds left behind, and creates a fresh staging folder.
 * Returns 0, or -1 after reporting. */
int publish_begin(struct publish *p, const char *out, const char *site_dir,
		  struct diag *d);

/* Parses every page of the staging folder with libxml2's HTML parser and
 * reports each href and src that does not resolve to a file of the site.
 * A link from the host's root ("/ocop/vi/", on the 404 page) is a site
 * path when it starts with root_base (the path of base_url), and an error
 * otherwise; root_base may be NULL. Returns 0, or -1 after reporting. */
int publish_check_links(struct publish *p, const char *root_base, int threads,
			struct diag *d);

/* Swaps the staging folder into place and removes the previous site.
 * Returns 0, or -1 after reporting (the previous site is then intact). */
int publish_commit(struct publish *p, struct diag *d);

/* Removes the staging folder, leaving the output as it was; frees p. Safe
 * after publish_commit (then it only frees). */
void publish_end(struct publish *p);

#endif
