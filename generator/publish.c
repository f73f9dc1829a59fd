/* Staging folder, link check, atomic swap. */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "pool.h"
#include "text.h"
#include "util.h"

/* Present in every output folder ocopgen writes: it is what allows a later
 * build to replace the folder. */
#define MARKER ".ocopgen"

/* Removes an output or staging folder. The marker goes last, so that a
 * removal cut short by a kill still leaves a folder that the next build
 * knows as its own. */
static int remove_site(const char *path)
{
	return fs_remove_tree(path, MARKER);
}

static bool has_marker(const char *dir)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/" MARKER, dir);
	struct stat st;
	bool ok = lstat(b.data, &st) == 0 && S_ISREG(st.st_mode);
	buf_release(&b);
	return ok;
}

static bool is_empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

/* Splits path into its parent folder and last name (both malloc'd). */
static void split_path(const char *path, char **parent, char **base)
{
	char *copy = xstrdup(path);
	size_t len = strlen(copy);
	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	char *slash = strrchr(copy, '/');
	if (!slash) {
		*parent = xstrdup(".");
		*base = copy;
		return;
	}
	*base = xstrdup(slash + 1);
	if (slash == copy)
		slash[1] = '\0';
	else
		*slash = '\0';
	*parent = copy;
}

/* Removes what killed builds left beside the output: staging folders with
 * the marker inside. */
static void remove_stale(const char *parent, const char *base)
{
	DIR *d = opendir(parent);
	if (!d)
		return;
	struct buf prefix = BUF_INIT, path = BUF_INIT;
	buf_printf(&prefix, "%s.ocopgen-", base);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix.data, prefix.len))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", parent, e->d_name);
		if (has_marker(path.data))
			remove_site(path.data);
	}
	closedir(d);
	buf_release(&prefix);
	buf_release(&path);
}

static int write_marker(const char *dir)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/" MARKER, dir);
	int fd = open(b.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	buf_release(&b);
	if (fd < 0)
		return -1;
	static const char text[] = "This folder is written by ocopgen and is "
				   "replaced whole by each build.\n";
	return fs_write_all_close(fd, text, sizeof(text) - 1);
}

int publish_begin(struct publish *p, const char *out, const char *site_dir,
		  struct diag *d)
{
	memset(p, 0, sizeof(*p));
	struct pos whole = pos_folder(out);
	struct stat st;
	if (stat(out, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return diag_error(d, whole,
					  "the output exists and is not a "
					  "folder; choose another with -o");
		if (!has_marker(out) && !is_empty_dir(out))
			return diag_error(d, whole,
					  "the output folder was not written "
					  "by ocopgen and is not empty; it "
					  "would be replaced whole, so "
					  "choose another with -o or empty "
					  "it first");
		char *real_out = realpath(out, NULL);
		char *real_site = realpath(site_dir, NULL);
		size_t n = real_out ? strlen(real_out) : 0;
		bool holds_site =
			real_out && real_site &&
			!strncmp(real_out, real_site, n) &&
			(real_site[n] == '/' || real_site[n] == '\0' || n == 1);
		free(real_out);
		free(real_site);
		if (holds_site)
			return diag_error(d, whole,
					  "the output folder holds the site's "
					  "content; choose another with -o");
	}
	char *parent, *base;
	split_path(out, &parent, &base);
	remove_stale(parent, base);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s.ocopgen-new-XXXXXX", parent, base);
	free(parent);
	free(base);
	if (!mkdtemp(b.data)) {
		int e = errno;
		buf_release(&b);
		return diag_write_error(d, whole, e,
					"cannot create a staging folder beside "
					"the output");
	}
	chmod(b.data, 0755);
	p->out = xstrdup(out);
	p->staging = buf_detach(&b, NULL);
	if (write_marker(p->staging) < 0)
		return diag_write_error(d, whole, errno, "cannot write in %s",
					p->staging);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Link check */

struct site_files {
	char **names; /* relative to the staging folder, sorted */
	size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(struct site_files *f, const char *root, const char *rel)
{
	struct buf dir = BUF_INIT;
	buf_printf(&dir, "%s%s%s", root, rel[0] ? "/" : "", rel);
	DIR *dh = opendir(dir.data);
	if (!dh) {
		buf_release(&dir);
		return;
	}
	struct dirent *e;
	struct buf sub = BUF_INIT, full = BUF_INIT;
	while ((e = readdir(dh))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		buf_reset(&sub);
		buf_printf(&sub, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
		buf_reset(&full);
		buf_printf(&full, "%s/%s", root, sub.data);
		struct stat st;
		if (lstat(full.data, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			collect(f, root, sub.data);
			continue;
		}
		XGROW(f->names, f->n, f->cap);
		f->names[f->n++] = xstrdup(sub.data);
	}
	closedir(dh);
	buf_release(&sub);
	buf_release(&full);
	buf_release(&dir);
}

static bool site_has(const struct site_files *f, const char *name)
{
	return bsearch(&name, f->names, f->n, sizeof(char *), cmp_str) != NULL;
}

struct checker {
	struct publish *p;
	const char *root_base;
	struct site_files files;
	const char **pages;
	size_t npages;
	struct diag *d;
};

/* Resolves a relative reference from a page to a file of the site; returns
 * false when it leads above the root. */
static bool resolve(const char *page, const char *ref, struct buf *out)
{
	buf_reset(out);
	const char *slash = strrchr(page, '/');
	if (slash)
		buf_add(out, page, (size_t)(slash - page) + 1);
	char *path = text_percent_decode(ref, strcspn(ref, "?#"));
	buf_adds(out, path);
	free(path);
	/* Normalize "." and ".." segments in place. */
	char *s = out->data;
	size_t w = 0, r = 0, len = out->len;
	while (r < len) {
		size_t end = r;
		while (end < len && s[end] != '/')
			end++;
		size_t seg = end - r;
		bool has_slash = end < len;
		if (seg == 1 && s[r] == '.') {
			/* skip */
		} else if (seg == 2 && s[r] == '.' && s[r + 1] == '.') {
			if (w == 0)
				return false;
			w--; /* the slash ending the previous segment */
			while (w > 0 && s[w - 1] != '/')
				w--;
		} else {
			memmove(s + w, s + r, seg);
			w += seg;
			if (has_slash)
				s[w++] = '/';
		}
		r = end + 1;
	}
	out->len = w;
	out->data[w] = '\0';
	if (w == 0 || out->data[w - 1] == '/')
		buf_adds(out, "index.html");
	return true;
}

static bool is_external(const char *ref)
{
	if (ref[0] == '#' || !strncmp(ref, "//", 2))
		return true;
	size_t n = strcspn(ref, ":/?#");
	return ref[n] == ':';
}

/* One page being checked: the parser calls check_element for each start
 * tag, so that no tree is built. */
struct page_check {
	struct checker *c;
	const char *page;
	htmlParserCtxtPtr ctxt;
	struct buf tmp;
};

static void check_ref(struct page_check *pc, const char *attr, const char *ref,
		      size_t len)
{
	struct buf *tmp = &pc->tmp;
	buf_reset(tmp);
	buf_add(tmp, ref, len);
	char *copy = xstrdup(tmp->data);
	const char *root_base = pc->c->root_base;
	bool ok;
	if (copy[0] == '/' && copy[1] != '/')
		ok = root_base &&
		     !strncmp(copy, root_base, strlen(root_base)) &&
		     resolve("", copy + strlen(root_base), tmp) &&
		     site_has(&pc->c->files, tmp->data);
	else
		ok = is_external(copy) || (resolve(pc->page, copy, tmp) &&
					   site_has(&pc->c->files, tmp->data));
	if (!ok) {
		struct buf shown = BUF_INIT;
		buf_printf(&shown, "%s/%s", pc->c->p->out, pc->page);
		diag_error(pc->c->d,
			   (struct pos){shown.data,
					xmlSAX2GetLineNumber(pc->ctxt), 1},
			   "%s \"%s\" leads to no file of the site", attr,
			   copy);
		buf_release(&shown);
	}
	free(copy);
}

static void check_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	(void)name;
	struct page_check *pc = ctx;
	for (size_t i = 0; atts && atts[i]; i += 2) {
		const char *attr = (const char *)atts[i];
		const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
		if (!strcmp(attr, "href") || !strcmp(attr, "src")) {
			check_ref(pc, attr, v, strlen(v));
			continue;
		}
		if (strcmp(attr, "srcset"))
			continue;
		/* Each candidate: a URL, then an optional descriptor. */
		while (*v) {
			while (*v == ' ' || *v == ',' || *v == '\n')
				v++;
			const char *url = v;
			while (*v && *v != ' ' && *v != ',' && *v != '\n')
				v++;
			if (v > url)
				check_ref(pc, attr, url, (size_t)(v - url));
			while (*v && *v != ',')
				v++;
		}
	}
}

static void check_page(void *ctx, size_t index, int worker)
{
	(void)worker;
	struct checker *c = ctx;
	struct page_check pc = {.c = c, .page = c->pages[index]};
	struct buf path = BUF_INIT, data = BUF_INIT;
	buf_init(&pc.tmp);
	buf_printf(&path, "%s/%s", c->p->staging, pc.page);
	pc.ctxt = htmlNewParserCtxt();
	if (pc.ctxt && buf_read_file(&data, path.data) == 0) {
		htmlSAXHandler *sax = (htmlSAXHandler *)pc.ctxt->sax;
		memset(sax, 0, sizeof(*sax));
		sax->startElement = check_element;
		sax->initialized = 1;
		pc.ctxt->userData = &pc;
		xmlDocPtr doc = htmlCtxtReadMemory(
			pc.ctxt, data.data, (int)data.len, pc.page, "UTF-8",
			HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				HTML_PARSE_NONET);
		xmlFreeDoc(doc);
	}
	if (pc.ctxt)
		htmlFreeParserCtxt(pc.ctxt);
	buf_release(&path);
	buf_release(&data);
	buf_release(&pc.tmp);
}

int publish_check_links(struct publish *p, const char *root_base, int threads,
			struct diag *d)
{
	struct checker c = {.p = p, .root_base = root_base, .d = d};
	collect(&c.files, p->staging, "");
	qsort(c.files.names, c.files.n, sizeof(char *), cmp_str);
	c.pages = xcalloc(c.files.n + 1, sizeof(char *));
	for (size_t i = 0; i < c.files.n; i++) {
		const char *name = c.files.names[i];
		size_t len = strlen(name);
		if (len > 5 && !strcmp(name + len - 5, ".html"))
			c.pages[c.npages++] = name;
	}
	size_t before = diag_error_count(d);
	pool_run(c.npages, threads, check_page, &c);
	for (size_t i = 0; i < c.files.n; i++)
		free(c.files.names[i]);
	free(c.files.names);
	free(c.pages);
	return diag_error_count(d) > before ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Swap */

int publish_commit(struct publish *p, struct diag *d)
{
	struct pos whole = pos_folder(p->out);
	struct stat st;
	if (lstat(p->out, &st) < 0) {
		if (rename(p->staging, p->out) < 0)
			return diag_write_error(d, whole, errno,
						"cannot move the new site "
						"into place");
		free(p->staging);
		p->staging = NULL;
		return 0;
	}
	if (renameat2(AT_FDCWD, p->staging, AT_FDCWD, p->out,
		      RENAME_EXCHANGE) == 0) {
		/* The staging name now holds the previous site. */
		remove_site(p->staging);
		free(p->staging);
		p->staging = NULL;
		return 0;
	}
	/* A file system without exchange: two renames, with the old site
	 * kept under a marked name until the new one is in place. */
	struct buf old = BUF_INIT;
	buf_printf(&old, "%s.ocopgen-old-%ld", p->out, (long)getpid());
	if (rename(p->out, old.data) < 0) {
		int e = errno;
		buf_release(&old);
		return diag_write_error(d, whole, e,
					"cannot replace the output");
	}
	if (rename(p->staging, p->out) < 0) {
		int e = errno;
		rename(old.data, p->out);
		buf_release(&old);
		return diag_write_error(d, whole, e,
					"cannot replace the output");
	}
	remove_site(old.data);
	buf_release(&old);
	free(p->staging);
	p->staging = NULL;
	return 0;
}

void publish_end(struct publish *p)
{
	if (p->staging)
		remove_site(p->staging);
	free(p->staging);
	free(p->out);
	memset(p, 0, sizeof(*p));
}
