/*
 * theme: a theme loaded once: its compiled templates, its interface words
 * per language of the site and the list of its static files (copied to
 * assets/).
 *
 * A file of the theme is looked up in layers, the first that has it
 * giving it: the site's own DIR/themes/<name>/, then the theme of that
 * name installed with ocopgen. So a site overrides one template, one
 * stylesheet or one language's words without copying the rest, and keeps
 * receiving the fixes of the installed theme. Interface words merge key by
 * key, from the installed theme's i18n/<lang>.json, then the site's
 * themes/<name>/i18n/<lang>.json, then the site's i18n/<lang>.json.
 */
#ifndef OCOPGEN_THEME_H
#define OCOPGEN_THEME_H

#include <stddef.h>
#include <xxhash.h>

#include "diag.h"
#include "model.h"
#include "template.h"

/* A file of the theme: name relative to its kind's folder (templates/,
 * static/), path where it is read from (the layer that gives it). */
struct theme_file {
	char *name;
	char *path;
};

/* The languages words are looked up in: the site's, then English, the
 * default theme's reference language, when the site lacks it. */
#define THEME_MAX_LANGS (MODEL_MAX_LANGS + 1)

struct theme {
	const char *name;
	/* The folders files are looked up in, first first. */
	char *layers[2];
	size_t nlayers;
	struct template_set *templates;
	/* The hash of the template files: pages made with other templates
	 * are rendered again. */
	XXH128_hash_t templates_key;
	/* Interface words: keys sorted; words[l][k] NULL where language l
	 * (codes[l]: the site's languages, then maybe "en") lacks word k. */
	char **keys;
	size_t nkeys;
	const char *codes[THEME_MAX_LANGS];
	size_t ncodes;
	char **words[THEME_MAX_LANGS];
	/* Per site language: the number of interface words it lacks, of
	 * ninterface (the keys that do not name a product group). */
	size_t missing[MODEL_MAX_LANGS];
	size_t ninterface;
	/* Static files, sorted by name. */
	struct theme_file *files;
	size_t nfiles;
};

/* The theme called name ("default") as installed with ocopgen: beside
 * the program (a checkout's build/) or in the data folder. Returns a
 * malloc'd path, or NULL when there is none. */
char *theme_installed(const char *name);

/* Loads the theme site->theme (or "default") for the site in site_dir and
 * the languages of site. Returns 0, or -1 after reporting errors (no
 * theme, templates, words). Free with theme_release. */
int theme_load(struct theme *th, const char *site_dir, const struct site *site,
	       struct diag *d);
void theme_release(struct theme *th);

/* The word key in the site's language lang; NULL when the theme lacks it.
 * When lang has none, the word of the default language, else English,
 * else another language; *from (when from is not NULL) is then the code of
 * the language the word is in, and NULL when it is lang's own. */
const char *theme_word_from(const struct theme *th, size_t lang,
			    const char *key, const char **from);
const char *theme_word(const struct theme *th, size_t lang, const char *key);

/* Names each product group in each language of site that neither the
 * built-in table nor site.json names (the six OCOP groups; the site's own
 * groups are named by site.json alone): from the word "group_<id>" of that
 * language, else with its default-language (or English) name, marked in
 * place->name_from and counted as a missing translation in d. The names
 * are copied into m's arena. Run once, after theme_load and before
 * validate. */
void theme_name_groups(const struct theme *th, struct model *m, struct diag *d);

#endif
