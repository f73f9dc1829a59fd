/*
 * links: the one place that decides how a link is written. Every link in
 * the output is relative to the page that holds it, so that the same site
 * works at a domain root, under a subpath and from file://; the kiosk
 * flavour also names index.html, because file:// does not resolve a folder
 * to its index.
 */
#ifndef OCOPGEN_LINKS_H
#define OCOPGEN_LINKS_H

#include <stdbool.h>

#include "buf.h"

/* Appends to out the link from a page at depth folders below the site root
 * to site_path (a path from the site root, "" for the root, folders ending
 * in '/'; it may carry a "#fragment"). */
void link_relative(struct buf *out, int depth, const char *site_path,
		   bool kiosk);

/* How many folders separate a site path of a page ("vi/products/x/") from
 * the root. */
int link_depth(const char *site_path);

/* True when url may appear in a page: a relative reference, or http:,
 * https:, mailto:, tel: (case-insensitive, after trimming the spaces and
 * control characters that browsers ignore). javascript:, data:, vbscript:,
 * file: and every other scheme are refused. */
bool link_url_is_safe(const char *url);

#endif
