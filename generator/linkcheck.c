/* Links of rendered pages, checked against the files of the new site. */
#include "linkcheck.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "util.h"

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

static bool site_has(const struct link_site *site, const char *name)
{
	return bsearch(&name, site->files, site->nfiles, sizeof(char *),
		       cmp_strings) != NULL;
}

/* One page being checked. For markup, libxml2's parser calls
 * check_element for each start tag, so that no tree is built. */
struct page_check {
	const struct link_site *site;
	const char *page, *shown;
	struct diag *d;
	size_t reported;
	int line;      /* of the link being checked */
	int line_base; /* of the markup being parsed */
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
	const char *root_base = pc->site->root_base;
	bool ok;
	if (copy[0] == '/' && copy[1] != '/')
		ok = root_base &&
		     !strncmp(copy, root_base, strlen(root_base)) &&
		     resolve("", copy + strlen(root_base), tmp) &&
		     site_has(pc->site, tmp->data);
	else
		ok = is_external(copy) || (resolve(pc->page, copy, tmp) &&
					   site_has(pc->site, tmp->data));
	if (!ok) {
		diag_error(pc->d, pos_line(pc->shown, pc->line, 1),
			   "%s \"%s\" leads to no file of the site", attr,
			   copy);
		pc->reported++;
	}
	free(copy);
}

/* Checks the value v of an attribute: href and src hold one URL, srcset
 * several; the others are not checked. */
static void check_attr(struct page_check *pc, const char *attr, const char *v)
{
	if (!strcmp(attr, "href") || !strcmp(attr, "src")) {
		check_ref(pc, attr, v, strlen(v));
		return;
	}
	if (strcmp(attr, "srcset"))
		return;
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

static void check_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	(void)name;
	struct page_check *pc = ctx;
	pc->line = pc->line_base + xmlSAX2GetLineNumber(pc->ctxt) - 1;
	for (size_t i = 0; atts && atts[i]; i += 2)
		check_attr(pc, (const char *)atts[i],
			   atts[i + 1] ? (const char *)atts[i + 1] : "");
}

/* Checks the links of the markup html[0..len), which starts on line
 * line_base of the page. */
static void check_markup(struct page_check *pc, const char *html, size_t len,
			 int line_base)
{
	pc->line_base = line_base;
	pc->ctxt = htmlNewParserCtxt();
	if (!pc->ctxt)
		die_oom();
	htmlSAXHandler *sax = (htmlSAXHandler *)pc->ctxt->sax;
	memset(sax, 0, sizeof(*sax));
	sax->startElement = check_element;
	sax->initialized = 1;
	pc->ctxt->userData = pc;
	xmlDocPtr doc = htmlCtxtReadMemory(
		pc->ctxt, html, (int)len, pc->page, "UTF-8",
		HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	xmlFreeDoc(doc);
	htmlFreeParserCtxt(pc->ctxt);
	pc->ctxt = NULL;
}

/* An attribute's value as the template wrote it, with the character
 * references that its escaping writes (&amp; &lt; &gt; &quot; &#39;)
 * turned back into characters. */
static void unescape(struct buf *out, const char *s, size_t len)
{
	static const struct {
		const char *ref;
		char ch;
	} named[] = {{"&amp;", '&'},
		     {"&lt;", '<'},
		     {"&gt;", '>'},
		     {"&quot;", '"'},
		     {"&#39;", '\''}};
	buf_reset(out);
	for (size_t i = 0; i < len;) {
		bool done = false;
		for (size_t k = 0; s[i] == '&' && k < ARRAY_SIZE(named); k++) {
			size_t n = strlen(named[k].ref);
			if (n <= len - i && !memcmp(s + i, named[k].ref, n)) {
				buf_addc(out, named[k].ch);
				i += n;
				done = true;
				break;
			}
		}
		if (!done)
			buf_addc(out, s[i++]);
	}
}

size_t linkcheck_page(const struct link_site *site, const char *file,
		      const char *shown, const char *html, size_t len,
		      const struct template_links *links, struct diag *d)
{
	struct page_check pc = {
		.site = site, .page = file, .shown = shown, .d = d};
	buf_init(&pc.tmp);
	if (!links) {
		check_markup(&pc, html, len, 1);
		buf_release(&pc.tmp);
		return pc.reported;
	}
	struct buf value = BUF_INIT;
	int line = 1;
	size_t at = 0;
	for (size_t i = 0; i < links->n; i++) {
		const struct template_link *l = &links->items[i];
		if (l->off < at || l->off + l->len > len)
			BUG("link %zu of %s at %zu+%zu, out of order", i, file,
			    l->off, l->len);
		for (; at < l->off; at++)
			line += html[at] == '\n';
		if (!l->attr) {
			check_markup(&pc, html + l->off, l->len, line);
			continue;
		}
		unescape(&value, html + l->off, l->len);
		pc.line = line;
		check_attr(&pc, l->attr, value.data);
	}
	buf_release(&value);
	buf_release(&pc.tmp);
	return pc.reported;
}
