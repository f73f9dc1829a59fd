/* A theme folder: templates, interface words, static files. */
#include "theme.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
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

char *theme_locate(const char *site_dir)
{
	char *own = path_join(site_dir, "themes/default");
	if (is_dir(own))
		return own;
	free(own);
	/* Beside the program: build/ocopgen and build/test/ocopgen in a
	 * checkout, PREFIX/bin/ocopgen when installed. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		static const char *const rel[] = {
			"../themes/default", "../../themes/default",
			"../share/ocopgen/themes/default"};
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			char *p = path_join(exe, rel[i]);
			if (is_dir(p))
				return p;
			free(p);
		}
	}
	char *installed = xstrdup(OCOPGEN_DATADIR "/themes/default");
	if (is_dir(installed))
		return installed;
	free(installed);
	return NULL;
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

/* Reads i18n/<lang>.json: an object of strings. The default language's
 * file sets the keys; the others may only translate them. */
static int load_words(struct theme *th, size_t lang, const char *code,
		      struct diag *d)
{
	char name[64];
	snprintf(name, sizeof(name), "i18n/%s.json", code);
	char *path = path_join(th->dir, name);
	struct stat st;
	if (stat(path, &st) < 0) {
		struct pos p = {path, 0, 0, false};
		if (lang == 0) {
			diag_error(d, p,
				   "missing: the theme has no words for "
				   "the default language \"%s\"",
				   code);
		} else {
			diag_warning(d, p,
				     "missing: the interface is shown "
				     "in the default language");
		}
		free(path);
		return lang == 0 ? -1 : 0;
	}
	struct json_doc doc;
	int rc = json_doc_load(&doc, path, path, d);
	if (rc == 0 &&
	    !json_expect(&doc, doc.root, JSON_OBJECT, "an i18n file", d))
		rc = -1;
	if (rc == 0) {
		if (lang == 0) {
			size_t cap = 0;
			for (const cJSON *c = doc.root->child; c; c = c->next)
				add_name(&th->keys, &th->nkeys, &cap,
					 xstrdup(c->string));
			qsort(th->keys, th->nkeys, sizeof(*th->keys),
			      cmp_strings);
		}
		th->words[lang] = xcalloc(th->nkeys + 1, sizeof(char *));
		for (const cJSON *c = doc.root->child; c; c = c->next) {
			char what[128];
			snprintf(what, sizeof(what), "\"%s\"", c->string);
			if (!json_expect(&doc, c, JSON_STRING, what, d))
				continue;
			size_t k = key_index(th, c->string);
			if (k == (size_t)-1) {
				diag_warning(d, json_key_pos(&doc, c),
					     "\"%s\" is not in the default "
					     "language's file, so it is never "
					     "used",
					     c->string);
				continue;
			}
			free(th->words[lang][k]);
			th->words[lang][k] = text_nfc(c->valuestring,
						      strlen(c->valuestring));
		}
		for (size_t k = 0; lang && k < th->nkeys; k++)
			if (!th->words[lang][k])
				diag_missing_translation(d, pos_file(path),
							 code, th->keys[k]);
	}
	json_doc_release(&doc);
	free(path);
	return rc;
}

/* The hash of the names and bytes of every file below dir: what a page
 * rendered with the templates there depends on, besides its data. */
static XXH128_hash_t folder_key(const char *dir)
{
	char **files = NULL;
	size_t n = 0, cap = 0;
	list_files(dir, "", &files, &n, &cap);
	qsort(files, n, sizeof(*files), cmp_strings);
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		die_oom();
	XXH3_128bits_reset(st);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		XXH3_128bits_update(st, files[i], strlen(files[i]) + 1);
		buf_reset(&b);
		char *path = path_join(dir, files[i]);
		/* Unreadable here, a template is reported by its loader. */
		if (buf_read_file(&b, path) == 0)
			XXH3_128bits_update(st, b.data, b.len);
		uint64_t len = b.len;
		XXH3_128bits_update(st, &len, sizeof(len));
		free(path);
		free(files[i]);
	}
	buf_release(&b);
	free(files);
	XXH128_hash_t key = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return key;
}

int theme_load(struct theme *th, const char *dir, const struct site *site,
	       struct diag *d)
{
	memset(th, 0, sizeof(*th));
	th->dir = xstrdup(dir);
	int rc = 0;
	for (size_t i = 0; i < site->nlangs; i++)
		if (load_words(th, i, site->langs[i], d) < 0) {
			rc = -1;
			if (i == 0)
				break;
		}
	char *templates = path_join(dir, "templates");
	th->templates = template_set_load(templates, d);
	th->templates_key = folder_key(templates);
	free(templates);
	if (!th->templates)
		rc = -1;
	char *stat_dir = path_join(dir, "static");
	size_t cap = 0;
	list_files(stat_dir, "", &th->files, &th->nfiles, &cap);
	qsort(th->files, th->nfiles, sizeof(*th->files), cmp_strings);
	free(stat_dir);
	return rc;
}

void theme_release(struct theme *th)
{
	for (size_t l = 0; l < MODEL_MAX_LANGS; l++) {
		for (size_t k = 0; th->words[l] && k < th->nkeys; k++)
			free(th->words[l][k]);
		free(th->words[l]);
	}
	for (size_t k = 0; k < th->nkeys; k++)
		free(th->keys[k]);
	free(th->keys);
	for (size_t i = 0; i < th->nfiles; i++)
		free(th->files[i]);
	free(th->files);
	if (th->templates)
		template_set_free(th->templates);
	free((char *)th->dir);
	memset(th, 0, sizeof(*th));
}

const char *theme_word(const struct theme *th, size_t lang, const char *key)
{
	size_t k = key_index(th, key);
	if (k == (size_t)-1)
		return NULL;
	if (lang < MODEL_MAX_LANGS && th->words[lang] && th->words[lang][k])
		return th->words[lang][k];
	return th->words[0] ? th->words[0][k] : NULL;
}
