/*
 * linkcheck: every href, src and srcset of a rendered page must lead to a
 * file of the new site. Pages are checked in memory, by the thread that
 * rendered them, from the places where the template wrote its links.
 */
#ifndef OCOPGEN_LINKCHECK_H
#define OCOPGEN_LINKCHECK_H

#include <stddef.h>

#include "diag.h"
#include "template.h"

/* The files of the new site, from its root ("vi/index.html"), sorted with
 * strcmp; borrowed. A link from the host's root ("/ocop/vi/", on the 404
 * page) is a site path when it starts with root_base (the path of
 * base_url), and an error otherwise; root_base may be NULL. */
struct link_site {
	const char *const *files;
	size_t nfiles;
	const char *root_base;
};

/* Reports each link of the page file (a path from the site root) whose
 * bytes are html[0..len) that leads to no file of site, at shown (the
 * page's path in the output) and the link's line. With links (those the
 * template wrote, in order), only those are read: each attribute value,
 * and each piece of markup with libxml2's HTML parser. Without, the whole
 * page is parsed. Returns the number of links reported. Safe from several
 * threads at once. */
size_t linkcheck_page(const struct link_site *site, const char *file,
		      const char *shown, const char *html, size_t len,
		      const struct template_links *links, struct diag *d);

#endif
