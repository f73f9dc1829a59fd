/* sitemap.xml, robots.txt and the Atom feeds, with libxml2's xmlwriter. */
#include "feeds.h"

#include <libxml/xmlwriter.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "layout.h"
#include "util.h"

#define SITEMAP_NS "http://www.sitemaps.org/schemas/sitemap/0.9"
#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define ATOM_NS "http://www.w3.org/2005/Atom"

struct xml_out {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
};

static xmlTextWriterPtr xml_open(struct xml_out *x)
{
	x->buf = xmlBufferCreate();
	x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->w)
		die_oom();
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
	xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL);
	return x->w;
}

static void xml_close(struct xml_out *x, struct buf *out)
{
	xmlTextWriterEndDocument(x->w);
	xmlFreeTextWriter(x->w);
	buf_add(out, xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf));
	xmlBufferFree(x->buf);
}

static void element(xmlTextWriterPtr w, const char *name, const char *text)
{
	xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

static void attribute(xmlTextWriterPtr w, const char *name, const char *v)
{
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
}

static void hreflang(xmlTextWriterPtr w, const char *lang, const char *href)
{
	xmlTextWriterStartElementNS(w, BAD_CAST "xhtml", BAD_CAST "link", NULL);
	attribute(w, "rel", "alternate");
	attribute(w, "hreflang", lang);
	attribute(w, "href", href);
	xmlTextWriterEndElement(w);
}

void feeds_sitemap(const struct site_view *v, size_t lang, struct buf *out)
{
	const struct model *m = v->m;
	const struct layout *l = v->layout;
	(void)lang;
	struct arena a = ARENA_INIT;
	struct xml_out x;
	xmlTextWriterPtr w = xml_open(&x);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "urlset",
				    BAD_CAST SITEMAP_NS);
	xmlTextWriterWriteAttributeNS(w, BAD_CAST "xmlns", BAD_CAST "xhtml",
				      NULL, BAD_CAST XHTML_NS);
	for (size_t i = 0; i < l->npages; i++) {
		const struct site_page *p = &l->pages[i];
		if (p->kind == PAGE_ROOT || p->kind == PAGE_NOT_FOUND)
			continue;
		arena_reset(&a);
		xmlTextWriterStartElement(w, BAD_CAST "url");
		element(w, "loc", layout_url(m, &a, p->path));
		for (size_t k = 0; k < m->site.nlangs; k++)
			hreflang(w, m->site.langs[k],
				 layout_url(m, &a,
					    layout_path(m, &a, p->kind, k,
							p->index)));
		hreflang(w, "x-default",
			 p->kind == PAGE_HOME
				 ? layout_url(m, &a, "")
				 : layout_url(m, &a,
					      layout_path(m, &a, p->kind, 0,
							  p->index)));
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	xml_close(&x, out);
	arena_release(&a);
}

void feeds_robots(const struct site_view *v, size_t lang, struct buf *out)
{
	const struct model *m = v->m;
	(void)lang;
	buf_printf(out, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n",
		   m->site.base_url);
}

/* An element of localized text; a fallback carries its own language. */
static void text_element(xmlTextWriterPtr w, const struct model *m,
			 const char *name, const struct ltext *t, size_t lang)
{
	bool fallback = false;
	const char *s = ltext_get(t, lang, &fallback);
	xmlTextWriterStartElement(w, BAD_CAST name);
	if (fallback)
		attribute(w, "xml:lang", m->site.langs[0]);
	xmlTextWriterWriteString(w, BAD_CAST(s ? s : ""));
	xmlTextWriterEndElement(w);
}

static const char *atom_date(struct arena *a, struct date d)
{
	char iso[DATE_ISO_SIZE];
	return arena_printf(a, "%sT00:00:00Z", date_format_iso(d, iso));
}

static void atom_link(xmlTextWriterPtr w, const char *rel, const char *type,
		      const char *lang, const char *href)
{
	xmlTextWriterStartElement(w, BAD_CAST "link");
	attribute(w, "rel", rel);
	attribute(w, "type", type);
	if (lang)
		attribute(w, "hreflang", lang);
	attribute(w, "href", href);
	xmlTextWriterEndElement(w);
}

void feeds_atom(const struct site_view *v, size_t lang, struct buf *out)
{
	const struct model *m = v->m;
	struct arena a = ARENA_INIT;
	const char *code = m->site.langs[lang];
	struct xml_out x;
	xmlTextWriterPtr w = xml_open(&x);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed", BAD_CAST ATOM_NS);
	attribute(w, "xml:lang", code);
	const char *listing = layout_path(
		m, &a, m->nstories ? PAGE_STORIES : PAGE_HOME, lang, 0);
	element(w, "id", layout_url(m, &a, listing));
	text_element(w, m, "title", &m->site.title, lang);
	text_element(w, m, "subtitle", &m->site.description, lang);
	/* Stories are sorted newest first. */
	element(w, "updated",
		atom_date(&a, m->nstories ? m->stories[0].date : m->today));
	xmlTextWriterStartElement(w, BAD_CAST "author");
	text_element(w, m, "name", &m->site.title, lang);
	element(w, "uri",
		layout_url(m, &a, layout_path(m, &a, PAGE_HOME, lang, 0)));
	xmlTextWriterEndElement(w);
	atom_link(w, "self", "application/atom+xml", NULL,
		  layout_url(m, &a,
			     arena_printf(&a, "%s/%s", code, FEEDS_ATOM_NAME)));
	atom_link(w, "alternate", "text/html", code,
		  layout_url(m, &a, listing));
	xmlTextWriterStartElement(w, BAD_CAST "generator");
	attribute(w, "version", OCOPGEN_VERSION);
	xmlTextWriterWriteString(w, BAD_CAST "ocopgen");
	xmlTextWriterEndElement(w);
	for (size_t i = 0; i < m->nstories; i++) {
		const struct story *s = &m->stories[i];
		const char *url = layout_url(
			m, &a, layout_path(m, &a, PAGE_STORY, lang, i));
		xmlTextWriterStartElement(w, BAD_CAST "entry");
		element(w, "id", url);
		text_element(w, m, "title", &s->title, lang);
		atom_link(w, "alternate", "text/html", code, url);
		element(w, "published", atom_date(&a, s->date));
		element(w, "updated", atom_date(&a, s->date));
		text_element(w, m, "summary", &s->summary, lang);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	xml_close(&x, out);
	arena_release(&a);
}
