/*
 * theme: a theme folder loaded once: its compiled templates, its interface
 * words per language of the site (i18n/<lang>.json) and the list of its
 * static files (copied to assets/).
 */
#ifndef OCOPGEN_THEME_H
#define OCOPGEN_THEME_H

#include <stddef.h>
#include <xxhash.h>

#include "diag.h"
#include "model.h"
#include "template.h"

struct theme {
	const char *dir;
	struct template_set *templates;
	/* The hash of the template files: pages made with other templates
	 * are rendered again. */
	XXH128_hash_t templates_key;
	/* Interface words: keys sorted; words[lang][k] NULL where missing
	 * (theme_word falls back to the default language). */
	char **keys;
	size_t nkeys;
	char **words[MODEL_MAX_LANGS];
	/* Static files, relative to dir/static, sorted. */
	char **files;
	size_t nfiles;
};

/* Finds the theme for a site folder: DIR/themes/default, else the default
 * theme beside the program or where it is installed. Returns a malloc'd
 * path, or NULL when there is none. */
char *theme_locate(const char *site_dir);

/* Loads the theme at dir for the languages of site. Returns 0, or -1 after
 * reporting errors (templates, i18n files). Free with theme_release. */
int theme_load(struct theme *th, const char *dir, const struct site *site,
	       struct diag *d);
void theme_release(struct theme *th);

/* The word key in language lang, falling back to the default language;
 * NULL when the theme lacks it. */
const char *theme_word(const struct theme *th, size_t lang, const char *key);

#endif
