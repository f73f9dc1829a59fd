/*
 * sources: the public sources a record cites for its facts, and the facts
 * each one supports, as a fact-checker reads them. A record lists them in
 * "sources":
 *
 *   "sources": [{"url": "https://...", "title": "...", "publisher": "...",
 *                "date": "2024-11-18", "checked": "2026-12-07",
 *                "supports": ["stars", "certificate.decision"]}]
 *
 * load reads them (sources_path_known says which field paths "supports"
 * may name); validate warns of a stated fact that no source supports when
 * site.json asks for sources ("require_sources": true), and of a path
 * that a source supports but the record does not state; page data numbers
 * them for the notes beside the facts.
 */
#ifndef OCOPGEN_SOURCES_H
#define OCOPGEN_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"

/* The field paths that a product's or a producer's source may support,
 * NULL-terminated, in the order pages show the facts. */
extern const char *const sources_product_paths[];
extern const char *const sources_producer_paths[];

/* Whether path is one of paths (a NULL-terminated list above). */
bool sources_path_known(const char *const *paths, const char *path);

/* Whether one of the n sources supports path. */
bool sources_support(const struct source *list, size_t n, const char *path);

/* Warns, at the position of each fact, of the facts that a product or a
 * producer states and none of its sources supports (only when
 * m->site.require_sources), and, at the position in "supports", of each
 * path that a source supports while the record states no such fact. */
void sources_check(const struct model *m, struct diag *d);

#endif
