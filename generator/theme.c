/* A theme in layers: templates, interface words, static files. */
#include "theme.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "i18n.h"
#include "json.h"
#include "limit.h"
#include "util.h"

static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void add_name(char ***list, size_t *n, size_t *cap, char *name)
{
	*list = xgrow(*list, *n, cap, sizeof(**list));
	(*list)[(*n)++] = name;
}

/* Lists regular files under root/rel recursively, skipping hidden ones. */
static void list_files(const char *root, const char *rel, char ***list,
		       size_t *n, size_t *cap)
{
	char *dir = rel[0] ? path_join(root, rel) : xstrdup(root);
	DIR *dh = opendir(dir);
	if (!dh) {
		free(dir);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		char *sub =
			rel[0] ? path_join(rel, e->d_name) : xstrdup(e->d_name);
		char *full = path_join(root, sub);
		struct stat st;
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
			list_files(root, sub, list, n, cap);
		else if (S_ISREG(st.st_mode))
			add_name(list, n, cap, xstrdup(sub));
		free(sub);
		free(full);
	}
	closedir(dh);
	free(dir);
}

static size_t key_index(const struct theme *th, const char *key)
{
	size_t lo = 0, hi = th->nkeys;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(th->keys[mid], key);
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

char *theme_installed(const char *name)
{
	char rel[3][128];
	snprintf(rel[0], sizeof(rel[0]), "../themes/%s", name);
	snprintf(rel[1], sizeof(rel[1]), "../../themes/%s", name);
	snprintf(rel[2], sizeof(rel[2]), "../share/ocopgen/themes/%s", name);
	/* Beside the program: build/ocopgen and build/test/ocopgen in a
	 * checkout, PREFIX/bin/ocopgen when installed. */
	const char *const rels[] = {rel[0], rel[1], rel[2]};
	char *beside = fs_beside_program(rels, 3);
	if (beside)
		return beside;
	char *installed = path_join(OCOPGEN_DATADIR "/themes", name);
	if (is_dir(installed))
		return installed;
	free(installed);
	return NULL;
}

/* A path of the site for messages and the file system: rel alone when
 * the site is the working folder. */
static char *site_path(const char *site_dir, const char *rel)
{
	return strcmp(site_dir, ".") ? path_join(site_dir, rel) : xstrdup(rel);
}

static int file_cmp(const void *a, const void *b)
{
	const struct theme_file *x = a, *y = b;
	return strcmp(x->name, y->name);
}

/* The files below sub/ of every layer, each from the first layer that has
 * it, sorted by name. keep, when not NULL, chooses the names listed. */
static struct theme_file *layered(const struct theme *th, const char *sub,
				  bool (*keep)(const char *name), size_t *nout)
{
	struct theme_file *out = NULL;
	size_t n = 0, cap = 0;
	for (size_t l = 0; l < th->nlayers; l++) {
		char *root = path_join(th->layers[l], sub);
		char **names = NULL;
		size_t nn = 0, ncap = 0;
		list_files(root, "", &names, &nn, &ncap);
		size_t before = n;
		for (size_t i = 0; i < nn; i++) {
			bool have = !keep || keep(names[i]);
			for (size_t k = 0; have && k < before; k++)
				have = strcmp(out[k].name, names[i]) != 0;
			if (!have) {
				free(names[i]);
				continue;
			}
			out = xgrow(out, n, &cap, sizeof(*out));
			out[n].path = path_join(root, names[i]);
			out[n++].name = names[i];
		}
		free(names);
		free(root);
	}
	if (n)
		qsort(out, n, sizeof(*out), file_cmp);
	*nout = n;
	return out;
}

static void files_free(struct theme_file *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].path);
	}
	free(f);
}

/* A page template, or a partial: "x.html", "partials/x.html". */
static bool is_template(const char *name)
{
	const char *slash = strchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	size_t len = strlen(base);
	if (slash && (strncmp(name, "partials/", 9) || strchr(base, '/')))
		return false;
	return len > 5 && !strcmp(base + len - 5, ".html");
}

/* The hash of the names and bytes of files: what a page rendered with
 * them depends on, besides its data. */
static XXH128_hash_t files_key(const struct theme_file *files, size_t n)
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		die_oom();
	XXH3_128bits_reset(st);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		XXH3_128bits_update(st, files[i].name,
				    strlen(files[i].name) + 1);
		buf_reset(&b);
		/* Unreadable here, a template is reported by its loader. */
		if (buf_read_file(&b, files[i].path) == 0)
			XXH3_128bits_update(st, b.data, b.len);
		uint64_t len = b.len;
		XXH3_128bits_update(st, &len, sizeof(len));
	}
	buf_release(&b);
	XXH128_hash_t key = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return key;
}

/* The words files of one language, lowest layer first: the installed
 * theme's, the site's theme folder's, the site's i18n/. */
#define WORD_SOURCES 3
struct words_files {
	struct json_doc doc[WORD_SOURCES];
	bool loaded[WORD_SOURCES];
	char *path[WORD_SOURCES];
};

/* Loads the files of language code that exist; returns how many, or -1
 * when one is broken (reported). */
static int words_open(const struct theme *th, const char *site_dir,
		      const char *code, struct words_files *wf, struct diag *d)
{
	char rel[64];
	snprintf(rel, sizeof(rel), "i18n/%s.json", code);
	memset(wf, 0, sizeof(*wf));
	for (size_t l = 0; l < th->nlayers; l++)
		wf->path[th->nlayers - 1 - l] = path_join(th->layers[l], rel);
	wf->path[th->nlayers] = site_path(site_dir, rel);
	int found = 0, rc = 0;
	for (size_t s = 0; s < WORD_SOURCES; s++) {
		struct stat st;
		if (!wf->path[s] || stat(wf->path[s], &st) < 0)
			continue;
		found++;
		wf->loaded[s] = true;
		if (json_doc_load(&wf->doc[s], wf->path[s], wf->path[s],
				  LIMIT_RECORD_BYTES, d) < 0 ||
		    !json_expect(&wf->doc[s], wf->doc[s].root, JSON_OBJECT,
				 /* TRANSLATORS: as in "an i18n file must be
				  * an object, not ...". */
				 _("an i18n file"), d)) {
			rc = -1;
			continue;
		}
		for (const cJSON *c = wf->doc[s].root->child; c; c = c->next) {
			char what[128];
			snprintf(what, sizeof(what), "\"%s\"", c->string);
			if (!json_expect(&wf->doc[s], c, JSON_STRING, what, d))
				rc = -1;
		}
	}
	return rc < 0 ? -1 : found;
}

static void words_close(struct words_files *wf)
{
	for (size_t s = 0; s < WORD_SOURCES; s++) {
		if (wf->loaded[s])
			json_doc_release(&wf->doc[s]);
		free(wf->path[s]);
	}
}

static bool usable(const struct words_files *wf, size_t s)
{
	return wf->loaded[s] && wf->doc[s].root &&
	       cJSON_IsObject(wf->doc[s].root);
}

/* The words that name product groups ("group_food"): a language may have
 * them when others do not; theme_name_groups counts those missing. */
static bool is_group_word(const char *key)
{
	return !strncmp(key, "group_", 6);
}

/* Adds the keys of wf's files to th->keys (unsorted), or only the names of
 * groups when groups_only. */
static void add_keys(struct theme *th, const struct words_files *wf,
		     bool groups_only, size_t *cap)
{
	for (size_t s = 0; s < WORD_SOURCES; s++)
		for (const cJSON *c = usable(wf, s) ? wf->doc[s].root->child
						    : NULL;
		     c; c = c->next) {
			if (!cJSON_IsString(c) ||
			    (groups_only && !is_group_word(c->string)))
				continue;
			bool have = false;
			for (size_t k = 0; !have && k < th->nkeys; k++)
				have = !strcmp(th->keys[k], c->string);
			if (!have)
				add_name(&th->keys, &th->nkeys, cap,
					 xstrdup(c->string));
		}
}

/* Sets th->words[l] from wf, the higher layers over the lower. */
static void set_words(struct theme *th, size_t l, const struct words_files *wf,
		      struct diag *d)
{
	th->words[l] = xcalloc(th->nkeys + 1, sizeof(char *));
	for (size_t s = 0; s < WORD_SOURCES; s++)
		for (const cJSON *c = usable(wf, s) ? wf->doc[s].root->child
						    : NULL;
		     c; c = c->next) {
			if (!cJSON_IsString(c))
				continue;
			size_t k = key_index(th, c->string);
			if (k == (size_t)-1) {
				diag_warning(d, json_key_pos(&wf->doc[s], c),
					     "\"%s\" is not a word of the "
					     "theme (not in its default "
					     "language's or English words), "
					     "so it is never used",
					     c->string);
				continue;
			}
			free(th->words[l][k]);
			th->words[l][k] = text_nfc(c->valuestring,
						   strlen(c->valuestring));
		}
}

/* Reports that language code lacks the interface word key, shown in the
 * language from (NULL when not known). */
static void report_missing_word(struct diag *d, struct pos pos,
				const char *code, const char *key,
				const char *from)
{
	if (from)
		diag_warning(d, pos,
			     "no %s interface word \"%s\"; it is shown in %s, "
			     "marked as such",
			     code, key, from);
	else
		diag_warning(d, pos,
			     "no %s interface word \"%s\"; it is shown in "
			     "another language, marked as such",
			     code, key);
}

/* Reports the words site language l lacks, at the site's file that would
 * give them: one warning per word when they are few, else one with the
 * count. */
static void report_missing(struct theme *th, size_t l, const char *site_dir,
			   struct diag *d)
{
	size_t n = 0, of = 0;
	for (size_t k = 0; k < th->nkeys; k++)
		if (!is_group_word(th->keys[k])) {
			n += !th->words[l][k];
			of++;
		}
	th->missing[l] = n;
	th->ninterface = of;
	if (!n)
		return;
	const char *code = th->codes[l];
	const char *from = NULL;
	for (size_t k = 0; k < th->nkeys && !from; k++)
		if (!th->words[l][k] && !is_group_word(th->keys[k]))
			theme_word_from(th, l, th->keys[k], &from);
	/* Where the site would give them: its own i18n/<lang>.json. */
	char rel[64];
	snprintf(rel, sizeof(rel), "i18n/%s.json", code);
	char *own = site_path(site_dir, rel);
	const char *path = own;
	if (n <= 8) {
		for (size_t k = 0; k < th->nkeys; k++)
			if (!th->words[l][k] && !is_group_word(th->keys[k]))
				report_missing_word(d, pos_file(path), code,
						    th->keys[k], from);
	} else if (from) {
		diag_warning(d, pos_file(path),
			     "%zu of %zu interface words are missing in %s; "
			     "they are shown in %s, marked as such (add them "
			     "to %s: see docs/themes.md)",
			     n, of, code, from, own);
	} else {
		diag_warning(d, pos_file(path),
			     "%zu of %zu interface words are missing in %s; "
			     "they are shown in another language, marked as "
			     "such (add them to %s: see docs/themes.md)",
			     n, of, code, own);
	}
	free(own);
}

static int load_words(struct theme *th, const char *site_dir,
		      const struct site *site, struct diag *d)
{
	for (size_t i = 0; i < site->nlangs; i++)
		th->codes[th->ncodes++] = site->langs[i];
	bool have_en = false;
	for (size_t i = 0; i < th->ncodes; i++)
		have_en |= !strcmp(th->codes[i], "en");
	if (!have_en)
		th->codes[th->ncodes++] = "en";
	struct words_files *wf = xcalloc(th->ncodes, sizeof(*wf));
	int rc = 0;
	for (size_t l = 0; l < th->ncodes; l++)
		if (words_open(th, site_dir, th->codes[l], &wf[l], d) < 0)
			rc = -1;
	/* The theme's words are those of the default language and English;
	 * a word only another language has is a mistake, reported. */
	size_t cap = 0;
	for (size_t l = 0; l < th->ncodes; l++)
		add_keys(th, &wf[l], l && strcmp(th->codes[l], "en"), &cap);
	if (th->nkeys)
		qsort(th->keys, th->nkeys, sizeof(*th->keys), cmp_strings);
	else if (rc == 0) {
		char rel[64];
		snprintf(rel, sizeof(rel), "i18n/%s.json", th->codes[0]);
		char *own = site_path(site_dir, rel);
		diag_error(d, pos_file(own),
			   "missing: neither the theme nor the site has "
			   "interface words for the default language \"%s\" "
			   "or for English",
			   th->codes[0]);
		free(own);
		rc = -1;
	}
	for (size_t l = 0; l < th->ncodes; l++)
		set_words(th, l, &wf[l], d);
	for (size_t l = 0; rc == 0 && l < site->nlangs; l++)
		report_missing(th, l, site_dir, d);
	for (size_t l = 0; l < th->ncodes; l++)
		words_close(&wf[l]);
	free(wf);
	return rc;
}

int theme_load(struct theme *th, const char *site_dir, const struct site *site,
	       struct diag *d)
{
	memset(th, 0, sizeof(*th));
	th->name = xstrdup(site->theme ? site->theme : "default");
	char rel[128];
	snprintf(rel, sizeof(rel), "themes/%s", th->name);
	char *own = site_path(site_dir, rel);
	if (is_dir(own))
		th->layers[th->nlayers++] = own;
	else
		free(own);
	char *installed = theme_installed(th->name);
	if (installed)
		th->layers[th->nlayers++] = installed;
	if (!th->nlayers) {
		struct pos at = site->theme ? site->theme_pos : pos_folder(rel);
		diag_error(d, at,
			   "no theme \"%s\": ocopgen looks in the site's "
			   "themes/%s/ and where it is installed",
			   th->name, th->name);
		return -1;
	}
	int rc = load_words(th, site_dir, site, d);
	size_t n;
	struct theme_file *tf = layered(th, "templates", is_template, &n);
	struct template_file *files = xcalloc(n + 1, sizeof(*files));
	for (size_t i = 0; i < n; i++)
		files[i] = (struct template_file){tf[i].name, tf[i].path};
	th->templates = template_set_load(files, n, d);
	th->templates_key = files_key(tf, n);
	free(files);
	files_free(tf, n);
	if (!th->templates)
		rc = -1;
	th->files = layered(th, "static", NULL, &th->nfiles);
	return rc;
}

void theme_release(struct theme *th)
{
	for (size_t l = 0; l < THEME_MAX_LANGS; l++) {
		for (size_t k = 0; th->words[l] && k < th->nkeys; k++)
			free(th->words[l][k]);
		free(th->words[l]);
	}
	for (size_t k = 0; k < th->nkeys; k++)
		free(th->keys[k]);
	free(th->keys);
	files_free(th->files, th->nfiles);
	if (th->templates)
		template_set_free(th->templates);
	for (size_t l = 0; l < th->nlayers; l++)
		free(th->layers[l]);
	free((char *)th->name);
	memset(th, 0, sizeof(*th));
}

const char *theme_word_from(const struct theme *th, size_t lang,
			    const char *key, const char **from)
{
	if (from)
		*from = NULL;
	size_t k = key_index(th, key);
	if (k == (size_t)-1 || lang >= th->ncodes)
		return NULL;
	if (th->words[lang] && th->words[lang][k])
		return th->words[lang][k];
	/* The default language, then English (the last code when the site
	 * lacks it), then the others in the site's order. */
	size_t order[THEME_MAX_LANGS + 1], n = 0;
	order[n++] = 0;
	for (size_t l = 0; l < th->ncodes; l++)
		if (!strcmp(th->codes[l], "en"))
			order[n++] = l;
	for (size_t l = 1; l < th->ncodes; l++)
		order[n++] = l;
	for (size_t i = 0; i < n; i++) {
		size_t l = order[i];
		if (l != lang && th->words[l] && th->words[l][k]) {
			if (from)
				*from = th->codes[l];
			return th->words[l][k];
		}
	}
	return NULL;
}

const char *theme_word(const struct theme *th, size_t lang, const char *key)
{
	return theme_word_from(th, lang, key, NULL);
}

void theme_name_groups(const struct theme *th, struct model *m, struct diag *d)
{
	struct site *s = &m->site;
	char key[96];
	for (size_t g = 0; g < s->ngroups; g++) {
		struct place *pl = &s->groups[g];
		if (!pl->builtin)
			continue; /* named by site.json, checked by load */
		/* A name no page shows is not worth a warning. */
		bool used = false;
		for (size_t i = 0; i < m->nproducts && !used; i++)
			used = m->products[i].group_id &&
			       !strcmp(m->products[i].group_id, pl->id);
		snprintf(key, sizeof(key), "group_%s", pl->id);
		for (size_t l = 0; l < s->nlangs; l++) {
			if (pl->name.s[l] && !pl->name_from[l])
				continue;
			const char *from;
			const char *w = theme_word_from(th, l, key, &from);
			if (w && !from) {
				pl->name.s[l] = arena_strdup(&m->arena, w);
				pl->name_from[l] = NULL;
				continue;
			}
			/* Shown in the default language, or the English of the
			 * table when the default language has none. */
			if (l) {
				pl->name.s[l] = pl->name.s[0];
				pl->name_from[l] = pl->name_from[0]
							   ? pl->name_from[0]
							   : s->langs[0];
			}
			if (!used)
				continue;
			char what[512];
			snprintf(what, sizeof(what),
				 /* TRANSLATORS: as in "missing vi translation
				  * of the name of the product group ...": the
				  * group's id, the interface word that names
				  * it, and the language's tag. */
				 _("the name of the product group \"%s\" (give "
				   "it as the word \"%s\" in i18n/%s.json, or "
				   "in site.json \"groups\")"),
				 pl->id, key, s->langs[l]);
			diag_missing_translation(d, s->lang_pos[l], s->langs[l],
						 what, pl->name_from[l]);
		}
	}
}
