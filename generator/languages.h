/*
 * languages: what ocopgen knows of a language from its BCP 47 tag ("vi",
 * "zh-Hant", "pt-BR"): whether the tag is well formed, its name in its
 * own language (its autonym, for the language switcher) and its Open
 * Graph locale. A built-in table; site.json's "language_names" may name
 * a language the table lacks, or name one otherwise.
 */
#ifndef OCOPGEN_LANGUAGES_H
#define OCOPGEN_LANGUAGES_H

#include <stdbool.h>
#include <stddef.h>

/* Checks that tag is a language tag ocopgen takes: a language of 2 or 3
 * letters, then optionally a script of 4 letters, then optionally a region
 * of 2 letters or 3 digits, joined by '-' ("zh-Hant-TW"). Writes the tag
 * with its parts in their usual case ("zh-Hant-TW", "pt-BR") to canon
 * (size n, at least 16). Returns false when tag is not such a tag. */
bool lang_tag_parse(const char *tag, char *canon, size_t n);

/* The name of the language of tag in that language ("日本語" for "ja",
 * "繁體中文" for "zh-Hant" and "zh-TW"), from the most precise entry of
 * the table: the whole tag, then its language and script (or the script
 * its region implies), then its language. NULL when the table has no
 * entry for its language. Static storage. */
const char *lang_autonym(const char *tag);

/* The Open Graph locale of tag ("ja_JP", "pt_BR", "zh_TW") written into
 * out (size n, at least 8); false when the table cannot tell its region. */
bool lang_og_locale(const char *tag, char *out, size_t n);

#endif
