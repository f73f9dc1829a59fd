/*
 * search_words: the words a query may use that are not matched as text,
 * for a language's search page: star levels ("5 sao", "五星"), product
 * groups and their everyday names ("đồ uống"), sets of synonyms (tea,
 * trà, chè, 茶) and words that tell nothing (product, OCOP). They come
 * from the theme's words of that language, so that another province or
 * language brings its own:
 *
 *   search_stars      patterns of a star level, {n} its number:
 *                     "{n} sao, {n}sao, ocop {n}"; a level's own:
 *                     "national = 5"; a level and those above it:
 *                     "{n} sao trở lên = +"; two {n}, the levels from
 *                     one to the other: "từ {n} đến {n} sao"
 *   search_numbers    the words of the numbers: "3: ba; 4: bốn, tư"
 *   search_group_ID   everyday names of group ID, beside its own name
 *   search_synonyms   sets of words and phrases that mean the same:
 *                     "trà, chè, tea; mật ong, honey"
 *   search_optional   words a query may hold that no product needs
 *   search_chips      queries the kiosk offers to tap: "trà; mật ong"
 *
 * Lists are split at ';' between sets and ',' within one; a word of
 * another language (the theme's fallback) is never used.
 */
#ifndef OCOPGEN_SEARCH_WORDS_H
#define OCOPGEN_SEARCH_WORDS_H

#include <stddef.h>

#include "arena.h"
#include "model.h"
#include "theme.h"

/* The words of language lang as one JSON object, which search.js reads
 * from the search form's data-words attribute:
 *
 *   {"stars": [pattern...], "numbers": {"3": [word...], ...},
 *    "groups": [[id, name, everyday name...], ...],
 *    "synonyms": [[word...], ...], "optional": [word...]}
 *
 * Returns a malloc'd string that the caller frees. */
char *search_words_json(const struct model *m, const struct theme *th,
			size_t lang);

/* The queries of search_chips in language lang, an array of *n strings,
 * all allocated in a. */
const char **search_words_chips(const struct theme *th, size_t lang,
				struct arena *a, size_t *n);

#endif
