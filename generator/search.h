/*
 * search: the index behind each language's search page, in parts that the
 * page loads as it needs them, so that a visitor downloads a few of them
 * for a query rather than the whole index. Every part is a plain script
 * that stores one object in the registry window.OCOP_SEARCH under its
 * name, because a page opened from file:// may run a <script src> but may
 * not fetch a file or compile WebAssembly:
 *
 *   (window.OCOP_SEARCH=window.OCOP_SEARCH||{})["vi/t3"]={...};
 *
 * The parts of language vi:
 *
 *   vi/search-index.js      the head, under "vi", which the search page
 *                           loads with the page:
 *     lang    the language code
 *     v       a version of the parts, which search.js adds to their
 *             addresses (?v=) so that no cache serves a part of an older
 *             build beside a newer head
 *     docs    the number of products; chunk: products per chunk of docs
 *     stars   {"5": [first, end], ...}: the products of each star level,
 *             numbered from first to end - 1 (products are numbered by
 *             stars, below), so that "5 sao" needs no term
 *     common  the words whose text postings are left out (below), and
 *             those of their forms with marks (text_fold_marked) that as
 *             many products hold ("bắc" of "bac", not "bạc"), most shared
 *             first, at most 1000: a query may hold them, typed without
 *             marks or with those of a form listed, without needing them
 *     vocab   the lengths that have a part of words (wN below)
 *     shards  the first term of each term shard but the first, sorted:
 *             the shard of a term is the number of them at or below it
 *   vi/search-index/tK.js   term shard K, under "vi/tK":
 *     terms     folded terms (text_fold, then the words below), sorted by
 *               UTF-16 code units, which is how JavaScript compares
 *               strings, so that the page finds prefixes by bisection;
 *               the shards split the sorted terms into pieces of about
 *               SEARCH_SHARD_BYTES, as many as that takes
 *     postings  for each term, the products that hold it, ascending,
 *               each as product * 4 + field, where field is the best place
 *               the term occurs: 0 name, 1 producer, 2 group, area or
 *               province (a query found in these three is a strong
 *               match), 3 summary, story or the producer's address (a
 *               mention). Each number after the first
 *               of a list is written as its difference from the one before.
 *               After a posting of field 0 comes the term's places in the
 *               product's name in this language: bit i set when it is the
 *               name's word i (a CJK character counts as one word; a pair
 *               of them is at its first), for i below 31, so that the page
 *               can tell a query that is a phrase of the name. A word of
 *               the producer's address that is a mention (field 3)
 *               has its places too, in its part
 *               of the address (between commas and brackets), counted
 *               from 16 (a phrase of it names a place): its posting is
 *               then written as its difference negated (never 0 there),
 *               and the places follow. A word that the summaries and
 *               stories of more than half of the products share (at
 *               least five products) has no postings of field 3 but those
 *               of addresses: such text (the star scale, a disclaimer)
 *               tells products apart from nothing. When the term's marks
 *               (below) list two forms or more, each posting ends with
 *               the bits of the forms the product has (bit i: form i),
 *               after its places
 *     marks     {"K": [form, ...]} for the terms K (numbered in the shard)
 *               folded from words with marks: the forms met
 *               (text_fold_marked: "nấm", "nặm" of "nam"), the unmarked one
 *               among them when met too, at most 30; a term not listed was
 *               only met without marks. A query typed with marks ranks
 *               the products whose form agrees with them first
 *               The term "g:ID" (SEARCH_GROUP_TERM) holds the products of
 *               group ID, in field 2, and "f:export" those with export
 *               markets (whose names are indexed as places); no query's
 *               words can spell these
 *   vi/search-index/wN.js   the words of N characters (N from
 *             SEARCH_VOCAB_MIN), under "vi/wN": {"words": [...], "n":
 *             [products that hold each]}: what a typo is corrected to
 *   vi/search-index/dK.js   chunk K of the products, under "vi/dK":
 *     docs  products K * chunk to K * chunk + chunk - 1, each
 *           [name, site path, thumbnail site path (the narrowest published
 *           variant of its first image) or "", stars, producer, area (its
 *           place) or ""]
 *
 * Products are numbered by stars, most first, then in the model's order
 * (by slug): a ranking that ends in "more stars first" ends in the lower
 * number first.
 *
 * Words: a run of letters and digits is a term; a run of Han or kana
 * characters, which are written without spaces, gives each character and
 * each pair of neighbours (bigrams), so that any two characters in the
 * middle of a name or story can be found. themes/default/static/search.js
 * splits queries by the same rules.
 */
#ifndef OCOPGEN_SEARCH_H
#define OCOPGEN_SEARCH_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "site_view.h"

/* The head's file name inside each language's folder, and the folder of
 * the other parts beside it. */
#define SEARCH_INDEX_FILE "search-index.js"
#define SEARCH_PARTS_DIR "search-index/"

/* Products per chunk of docs, and about how many bytes of terms and
 * postings make a term shard. */
#define SEARCH_DOCS_PER_CHUNK 64
/* The shortest word a typo is corrected to: a word of five letters, the
 * shortest corrected, may have lost two. */
#define SEARCH_VOCAB_MIN 3
/* The term of a product group's members: this, then the group's id. */
#define SEARCH_GROUP_TERM "g:"
/* The start of a facet's term: "f:export" holds the products with export
 * markets, "f:household" and so on (producer_type_names) those of that
 * kind of producer; search.js's "@export", "@household". */
#define SEARCH_FACET_TERM "f:"
#define SEARCH_SHARD_BYTES (16 * 1024)

/* Every part of one language's index, made at once. */
struct search_index;

/* Makes the index of language lang. Free with search_index_free. */
struct search_index *search_index_make(const struct site_view *v, size_t lang);

/* The number of parts: the head, then the term shards, then the chunks of
 * docs. */
size_t search_index_parts(const struct search_index *ix);

/* The path from the site's root of a part ("vi/search-index.js",
 * "vi/search-index/t3.js"), and its bytes; both owned by ix. */
const char *search_index_file(const struct search_index *ix, size_t part);
const struct buf *search_index_part(const struct search_index *ix, size_t part);

void search_index_free(struct search_index *ix);

/* The terms a text gives as a product's name, one a line in the order
 * first met, each followed by a space and its places (the bits of its
 * words' places in the name): the words and CJK characters and pairs of
 * the index above, for tests. Appends to out. */
void search_text_terms(const char *text, struct buf *out);

#endif
