/*
 * search: the index behind each language's search page. It is written as a
 * plain script, "<lang>/search-index.js", that assigns one object to
 * window.OCOP_SEARCH, because a page opened from file:// may run a
 * <script src> but may not fetch a file or compile WebAssembly.
 *
 * The object, in JSON:
 *
 *   lang       the language code
 *   producers  producer names; districts: district names
 *   docs       one per product, in the model's order (by slug):
 *              [name, site path, thumbnail site path (the narrowest
 *              published variant of its first image) or "", stars,
 *               producer number, district number or -1]
 *   terms      the folded terms (text_fold, then the words below), sorted
 *              by UTF-16 code units, which is how JavaScript compares
 *              strings, so that the page finds prefixes by bisection
 *   postings   for each term, the products that hold it, ascending, each
 *              as product * 4 + field, where field is the best place the
 *              term occurs: 0 name, 1 producer, 2 group or district (a
 *              query found in these three is a strong match), 3 summary
 *              or story (a mention); each number after the first of a
 *              list is written as its difference from the one before.
 *              A word that the summaries and stories of more than half
 *              of the products share (at least five products) has no
 *              postings of field 3: such text (the star scale, a
 *              disclaimer) tells products apart from nothing
 *
 * Words: a run of letters and digits is a term; a run of Han or kana
 * characters, which are written without spaces, gives each character and
 * each pair of neighbours (bigrams), so that any two characters in the
 * middle of a name or story can be found. themes/default/static/search.js
 * splits queries by the same rules.
 */
#ifndef OCOPGEN_SEARCH_H
#define OCOPGEN_SEARCH_H

#include "site_view.h"

/* The index's file name inside each language's folder. */
#define SEARCH_INDEX_FILE "search-index.js"

/* Writes the index of language lang. */
site_file_fn search_write_index;

#endif
