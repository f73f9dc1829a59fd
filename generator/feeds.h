/*
 * feeds: the files that tell machines about the site. sitemap.xml lists
 * every page with each of its language versions, robots.txt names it, and
 * each language has an Atom feed of the stories. URLs in them are absolute,
 * made from site.base_url; all are written with libxml2's xmlwriter.
 */
#ifndef OCOPGEN_FEEDS_H
#define OCOPGEN_FEEDS_H

#include "site_view.h"

/* The Atom feed's name in each language's folder: "vi/feed.xml". */
#define FEEDS_ATOM_NAME "feed.xml"

/* sitemap.xml: every page of the layout but the root chooser and 404, each
 * with xhtml:link hreflang alternates for every language and x-default
 * (the root chooser for the homes, the default language elsewhere). */
site_file_fn feeds_sitemap;

/* robots.txt: everything may be crawled; names the sitemap. */
site_file_fn feeds_robots;

/* <lang>/feed.xml: Atom 1.0, the stories newest first. Its updated date is
 * the newest story's, never the clock (the model's day when there is no
 * story). */
site_file_fn feeds_atom;

#endif
