/*
 * Templates: each file is parsed once by libxml2 and compiled into a flat
 * program of literal chunks and slots, so that rendering a page is a loop
 * of appends that neither allocates nor touches the DOM.
 */
#include "template.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "arena.h"
#include "i18n.h"
#include "links.h"
#include "util.h"

/* Loops nest at most this deep, so that a run keeps its loops in a fixed
 * array on the stack. */
enum { TEMPLATE_MAX_LOOPS = 32 };

#define SVG_NS "http://www.w3.org/2000/svg"
#define MATHML_NS "http://www.w3.org/1998/Math/MathML"

/* libxml2 2.12 made the error given to handlers const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError xml_error_t;
#else
typedef xmlError xml_error_t;
#endif

struct expr {
	const char *text; /* as written, without the '!', for messages */
	const char **names;
	int n;
	int scope; /* the loop whose variable names[0] is, or -1: root */
	bool negate;
};

enum op_kind {
	OP_LIT,	     /* template text, already escaped */
	OP_TEXT,     /* data-text */
	OP_HTML,     /* data-html */
	OP_JSON_LD,  /* data-html on <script type="application/ld+json"> */
	OP_LANG,     /* lang="..." for fallback text of the element */
	OP_ATTR,     /* data-attr-NAME */
	OP_SITE_URL, /* a literal "/..." URL, written relative to the page */
	OP_LINK,     /* a literal URL attribute's value starts (u.link_attr)
			or ends (NULL): its place is told to env->links */
	OP_CLASS,    /* class="..." from a literal and data-class-NAME */
	OP_IF,	     /* skips to u.jump.target when false */
	OP_EACH,     /* skips to u.jump.target when the list is empty */
	OP_NEXT,     /* back to u.jump.target + 1 while items remain */
};

struct class_item {
	const char *name;
	struct expr expr;
};

struct op {
	enum op_kind kind;
	int line;
	const char *path; /* the page or partial the op came from */
	struct expr expr;
	union {
		struct {
			size_t off, len;
		} lit;
		const char *lang; /* LANG: the element's literal lang */
		struct {
			const char *name;
			bool url;
		} attr;
		const char *site_path;
		const char *link_attr;
		struct {
			const char *lit; /* the literal class, or NULL */
			size_t first, n; /* in template.classes */
		} cls;
		struct {
			size_t target;
			int scope;
		} jump;
	} u;
};

struct template
{
	const char *name, *path;
	struct op *ops;
	size_t nops;
	char *lits;
	struct class_item *classes;
};

struct template_set {
	struct arena arena; /* names, paths and the strings of every op */
	struct template *pages;
	size_t npages;
};

struct partial {
	const char *name, *path;
	xmlDoc *doc; /* NULL when it did not parse (already reported) */
	bool active; /* being inlined: including it again is a loop */
	bool used;
};

struct loader {
	struct template_set *set;
	struct diag *d;
	struct partial *partials;
	size_t npartials;
	size_t errors;
};

struct compiler {
	struct loader *ld;
	struct arena *arena;
	const char *path;
	struct op *ops;
	size_t nops, capops;
	struct buf lits;
	struct class_item *classes;
	size_t nclasses, capclasses;
	/* An op index that a jump lands on: a literal may not be merged
	 * into the op before it. */
	size_t label;
	const char *loops[TEMPLATE_MAX_LOOPS];
	int nloops;
	const struct partial **chain; /* partials being inlined, for loops */
	size_t nchain;
};

/* Compiling */

static void compile_error(struct compiler *c, xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void compile_error(struct compiler *c, xmlNode *n, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	long line = n ? xmlGetLineNo(n) : 0;
	struct pos pos = {c->path, line > 0 ? (int)line : 1, 0, false};
	diag_error(c->ld->d, pos, "%s", msg.data);
	buf_release(&msg);
	c->ld->errors++;
}

static struct op *emit(struct compiler *c, enum op_kind kind, xmlNode *n)
{
	XGROW(c->ops, c->nops, c->capops);
	struct op *op = &c->ops[c->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->path = c->path;
	op->line = n ? (int)xmlGetLineNo(n) : 0;
	return op;
}

static void set_label(struct compiler *c)
{
	c->label = c->nops;
}

/* Makes c->lits[start..] an op, or part of the literal op before it. */
static void emit_lit_from(struct compiler *c, size_t start)
{
	size_t len = c->lits.len - start;
	if (!len)
		return;
	if (c->nops && c->label != c->nops &&
	    c->ops[c->nops - 1].kind == OP_LIT) {
		c->ops[c->nops - 1].u.lit.len += len;
		return;
	}
	struct op *op = emit(c, OP_LIT, NULL);
	op->u.lit.off = start;
	op->u.lit.len = len;
}

static void emit_raw(struct compiler *c, const char *s, size_t len)
{
	size_t start = c->lits.len;
	buf_add(&c->lits, s, len);
	emit_lit_from(c, start);
}

static void emit_str(struct compiler *c, const char *s)
{
	emit_raw(c, s, strlen(s));
}

static void emit_escaped(struct compiler *c, const char *s, size_t len)
{
	size_t start = c->lits.len;
	buf_add_html(&c->lits, s, len);
	emit_lit_from(c, start);
}

static char *attr_text(struct compiler *c, xmlAttr *a)
{
	xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
	char *s = arena_strdup(c->arena, v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

static const char *qualified_name(struct compiler *c, xmlNs *ns,
				  const xmlChar *name)
{
	if (ns && ns->prefix)
		return arena_printf(c->arena, "%s:%s", ns->prefix, name);
	return arena_strdup(c->arena, (const char *)name);
}

static bool is_ident_start(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       ch == '_';
}

static bool is_ident_char(char ch)
{
	return is_ident_start(ch) || (ch >= '0' && ch <= '9') || ch == '-';
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Checks src as [!]name(.name)* and resolves its first name against the
 * loops around it. */
static int expr_parse(struct compiler *c, xmlNode *el, const char *attr,
		      const char *src, bool allow_not, struct expr *e)
{
	const char *p = src;
	memset(e, 0, sizeof(*e));
	e->scope = -1;
	while (is_space(*p))
		p++;
	if (allow_not && *p == '!') {
		e->negate = true;
		p++;
		while (is_space(*p))
			p++;
	}
	const char *start = p;
	const char *end = p + strlen(p);
	while (end > start && is_space(end[-1]))
		end--;
	int n = 0;
	const char *q = start;
	for (;;) {
		if (q == end || !is_ident_start(*q))
			goto bad;
		while (q < end && is_ident_char(*q))
			q++;
		n++;
		if (q == end)
			break;
		if (*q != '.')
			goto bad;
		q++;
	}
	e->text = arena_strndup(c->arena, start, (size_t)(end - start));
	e->names = arena_alloc(c->arena, (size_t)n * sizeof(*e->names));
	q = e->text;
	for (int i = 0; i < n; i++) {
		const char *dot = strchr(q, '.');
		size_t len = dot ? (size_t)(dot - q) : strlen(q);
		e->names[i] = arena_strndup(c->arena, q, len);
		q += len + 1;
	}
	e->n = n;
	for (int i = c->nloops - 1; i >= 0; i--) {
		if (!strcmp(c->loops[i], e->names[0])) {
			e->scope = i;
			break;
		}
	}
	return 0;
bad:
	if (allow_not)
		compile_error(c, el,
			      _("%s=\"%s\": expected a dotted name such as "
				"product.name, or ! before it"),
			      attr, src);
	else
		compile_error(c, el,
			      _("%s=\"%s\": expected a dotted name such as "
				"product.name"),
			      attr, src);
	return -1;
}

/* The directives of one element, found before anything is written. */
struct directives {
	xmlAttr *remove, *cond, *each, *include, *text, *html, *block;
	size_t nattrs, nclasses;
	bool attr_lang, attr_class;
	bool literal_class;
};

static const char attr_prefix[] = "data-attr-";
static const char class_prefix[] = "data-class-";

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool is_directive(xmlAttr *a)
{
	static const char *const names[] = {
		"data-remove", "data-if",   "data-each",  "data-include",
		"data-text",   "data-html", "data-block",
	};
	if (a->ns)
		return false;
	const char *n = (const char *)a->name;
	if (strncmp(n, "data-", 5))
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(n, names[i]))
			return true;
	return has_prefix(n, attr_prefix) || has_prefix(n, class_prefix);
}

static int directives_collect(struct compiler *c, xmlNode *el,
			      struct directives *dv)
{
	int rc = 0;
	memset(dv, 0, sizeof(*dv));
	for (xmlAttr *a = el->properties; a; a = a->next) {
		const char *n = (const char *)a->name;
		if (!a->ns && !strcmp(n, "class"))
			dv->literal_class = true;
		if (!is_directive(a))
			continue;
		if (!strcmp(n, "data-remove"))
			dv->remove = a;
		else if (!strcmp(n, "data-if"))
			dv->cond = a;
		else if (!strcmp(n, "data-each"))
			dv->each = a;
		else if (!strcmp(n, "data-include"))
			dv->include = a;
		else if (!strcmp(n, "data-text"))
			dv->text = a;
		else if (!strcmp(n, "data-html"))
			dv->html = a;
		else if (!strcmp(n, "data-block"))
			dv->block = a;
		else if (has_prefix(n, attr_prefix)) {
			const char *name = n + strlen(attr_prefix);
			dv->nattrs++;
			if (!*name) {
				compile_error(c, el, "%s",
					      _("data-attr- needs an attribute "
						"name: data-attr-href"));
				rc = -1;
			} else if (!strncasecmp(name, "on", 2) ||
				   !strcasecmp(name, "srcdoc")) {
				/* Escaping cannot make data safe where the
				 * browser runs it as script or markup. */
				compile_error(
					c, el,
					_("%s: the %s attribute cannot be "
					  "set from data"),
					n, name);
				rc = -1;
			}
			if (!strcmp(name, "lang"))
				dv->attr_lang = true;
			if (!strcmp(name, "class"))
				dv->attr_class = true;
		} else {
			dv->nclasses++;
			if (!n[strlen(class_prefix)]) {
				compile_error(
					c, el, "%s",
					_("data-class- needs a class name: "
					  "data-class-active"));
				rc = -1;
			}
		}
	}
	if (dv->remove)
		return rc;
	if (dv->text && dv->html) {
		compile_error(c, el, "%s",
			      _("data-text and data-html both set the "
				"content; keep one"));
		rc = -1;
	}
	if (dv->attr_class && dv->nclasses) {
		compile_error(c, el, "%s",
			      _("data-attr-class and data-class-* both "
				"set the class; keep one"));
		rc = -1;
	}
	if (dv->include) {
		const char *other = dv->text	   ? "data-text"
				    : dv->html	   ? "data-html"
				    : dv->block	   ? "data-block"
				    : dv->nattrs   ? "data-attr-*"
				    : dv->nclasses ? "data-class-*"
						   : NULL;
		if (other) {
			compile_error(c, el,
				      /* TRANSLATORS: %s is an attribute, such
				       * as data-text. */
				      _("data-include replaces the element; "
					"%s has no effect on it"),
				      other);
			rc = -1;
		}
	}
	return rc;
}

static bool name_is(xmlNode *el, const char *name)
{
	return !strcmp((const char *)el->name, name);
}

static bool ns_is(xmlNode *el, const char *href)
{
	return el->ns && el->ns->href &&
	       !strcmp((const char *)el->ns->href, href);
}

static bool is_void(xmlNode *el)
{
	static const char *const names[] = {
		"area",	 "base", "br",	 "col",	   "embed", "hr",  "img",
		"input", "link", "meta", "source", "track", "wbr",
	};
	if (el->ns && el->ns->prefix)
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (name_is(el, names[i]))
			return true;
	return false;
}

static bool is_url_attr(const char *name)
{
	static const char *const names[] = {
		"href",	  "src",  "action", "formaction",
		"poster", "cite", "srcset", "xlink:href",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* "/assets/x.css" is a path in the site; "//host/x" is not. */
static bool is_site_path(const char *s, size_t len)
{
	return len >= 1 && s[0] == '/' && (len == 1 || s[1] != '/');
}

static bool has_content(xmlNode *el)
{
	for (xmlNode *n = el->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE ||
		    n->type == XML_ENTITY_REF_NODE)
			return true;
	return false;
}

/* True when el has a data-attr-NAME that replaces its literal NAME. */
static bool attr_overridden(xmlNode *el, const char *name)
{
	for (xmlAttr *a = el->properties; a; a = a->next) {
		const char *n = (const char *)a->name;
		if (!a->ns && has_prefix(n, attr_prefix) &&
		    !strcmp(n + strlen(attr_prefix), name))
			return true;
	}
	return false;
}

static void emit_site_url(struct compiler *c, xmlNode *el, const char *s,
			  size_t len)
{
	struct op *op = emit(c, OP_SITE_URL, el);
	op->u.site_path = arena_strndup(c->arena, s + 1, len - 1);
}

/* A literal URL attribute: site paths become relative links at run time;
 * srcset holds several URLs, each followed by a descriptor. */
static void emit_url_literal(struct compiler *c, xmlNode *el, const char *name,
			     const char *value)
{
	emit_raw(c, " ", 1);
	emit_str(c, name);
	emit_raw(c, "=\"", 2);
	emit(c, OP_LINK, el)->u.link_attr = arena_strdup(c->arena, name);
	if (strcmp(name, "srcset")) {
		size_t len = strlen(value);
		if (is_site_path(value, len))
			emit_site_url(c, el, value, len);
		else
			emit_escaped(c, value, len);
		emit(c, OP_LINK, el)->u.link_attr = NULL;
		emit_raw(c, "\"", 1);
		return;
	}
	const char *p = value;
	while (*p) {
		const char *s = p;
		while (is_space(*p))
			p++;
		emit_escaped(c, s, (size_t)(p - s));
		const char *url = p;
		while (*p && !is_space(*p) && *p != ',')
			p++;
		if (is_site_path(url, (size_t)(p - url)))
			emit_site_url(c, el, url, (size_t)(p - url));
		else
			emit_escaped(c, url, (size_t)(p - url));
		s = p;
		while (*p && *p != ',')
			p++;
		if (*p == ',')
			p++;
		emit_escaped(c, s, (size_t)(p - s));
	}
	emit(c, OP_LINK, el)->u.link_attr = NULL;
	emit_raw(c, "\"", 1);
}

static void emit_class(struct compiler *c, xmlNode *el, const char *literal)
{
	size_t first = c->nclasses;
	for (xmlAttr *a = el->properties; a; a = a->next) {
		const char *n = (const char *)a->name;
		if (a->ns || !has_prefix(n, class_prefix))
			continue;
		struct class_item item;
		item.name = arena_strdup(c->arena, n + strlen(class_prefix));
		if (expr_parse(c, el, n, attr_text(c, a), false, &item.expr))
			continue;
		XGROW(c->classes, c->nclasses, c->capclasses);
		c->classes[c->nclasses++] = item;
	}
	struct op *op = emit(c, OP_CLASS, el);
	op->u.cls.lit = literal;
	op->u.cls.first = first;
	op->u.cls.n = c->nclasses - first;
}

static void emit_attr_slot(struct compiler *c, xmlNode *el, xmlAttr *a)
{
	const char *n = (const char *)a->name;
	struct expr e;
	if (expr_parse(c, el, n, attr_text(c, a), false, &e))
		return;
	struct op *op = emit(c, OP_ATTR, el);
	op->expr = e;
	op->u.attr.name = arena_strdup(c->arena, n + strlen(attr_prefix));
	op->u.attr.url = is_url_attr(op->u.attr.name);
}

/* Writes the start tag: namespace declarations, then the attributes in
 * their order, each literal one replaced by its data-attr-NAME. */
static void emit_start_tag(struct compiler *c, xmlNode *el,
			   const struct directives *dv, const char *name,
			   const struct expr *content, bool self_close)
{
	bool class_done = false, lang_done = false;
	emit_raw(c, "<", 1);
	emit_str(c, name);
	for (xmlNs *ns = el->nsDef; ns; ns = ns->next) {
		emit_str(c, ns->prefix ? " xmlns:" : " xmlns");
		if (ns->prefix)
			emit_str(c, (const char *)ns->prefix);
		emit_raw(c, "=\"", 2);
		const char *href = ns->href ? (const char *)ns->href : "";
		emit_escaped(c, href, strlen(href));
		emit_raw(c, "\"", 1);
	}
	for (xmlAttr *a = el->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		if (is_directive(a)) {
			if (has_prefix(an, attr_prefix)) {
				emit_attr_slot(c, el, a);
			} else if (has_prefix(an, class_prefix) &&
				   !class_done && !dv->literal_class) {
				emit_class(c, el, NULL);
				class_done = true;
			}
			continue;
		}
		if (!a->ns && attr_overridden(el, an))
			continue;
		const char *full = qualified_name(c, a->ns, a->name);
		const char *value = attr_text(c, a);
		if (!a->ns && !strcmp(an, "class") && dv->nclasses) {
			emit_class(c, el, value);
			class_done = true;
		} else if (!a->ns && !strcmp(an, "lang") && content) {
			struct op *op = emit(c, OP_LANG, el);
			op->expr = *content;
			op->u.lang = value;
			lang_done = true;
		} else if (is_url_attr(full)) {
			emit_url_literal(c, el, full, value);
		} else {
			emit_raw(c, " ", 1);
			emit_str(c, full);
			emit_raw(c, "=\"", 2);
			emit_escaped(c, value, strlen(value));
			emit_raw(c, "\"", 1);
		}
	}
	if (content && !lang_done && !dv->attr_lang) {
		struct op *op = emit(c, OP_LANG, el);
		op->expr = *content;
	}
	if (self_close)
		emit_raw(c, "/>", 2);
	else
		emit_raw(c, ">", 1);
}

static void compile_element(struct compiler *c, xmlNode *el, bool foreign);

static void compile_children(struct compiler *c, xmlNode *el, bool foreign,
			     bool raw)
{
	for (xmlNode *n = el->children; n; n = n->next) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			if (raw)
				compile_error(c, n,
					      _("<%s> may hold only text, not "
						"<%s>"),
					      el->name, n->name);
			else
				compile_element(c, n, foreign);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE: {
			const char *s = (const char *)n->content;
			size_t len = s ? strlen(s) : 0;
			if (raw)
				emit_raw(c, s, len);
			else
				emit_escaped(c, s, len);
			break;
		}
		case XML_ENTITY_REF_NODE:
			compile_error(c, n,
				      _("entity &%s; is not supported; use a "
					"character reference such as &#160;"),
				      n->name);
			break;
		default:
			/* Comments and processing instructions are for the
			 * designer, not the page. */
			break;
		}
	}
}

/* <script type="application/ld+json">, with a literal type: the one script
 * whose content may come from data, because browsers never run it. */
static bool is_json_ld(xmlNode *el)
{
	if (!name_is(el, "script") || xmlHasProp(el, BAD_CAST "data-attr-type"))
		return false;
	xmlChar *type = xmlGetProp(el, BAD_CAST "type");
	bool yes = type && !strcmp((const char *)type, "application/ld+json");
	xmlFree(type);
	return yes;
}

static void compile_tag(struct compiler *c, xmlNode *el,
			const struct directives *dv, bool foreign)
{
	/* Without a prefix, an element is HTML whether or not the template
	 * declares the XHTML namespace. */
	bool html = !(el->ns && el->ns->prefix);
	bool is_foreign = foreign || ns_is(el, SVG_NS) ||
			  ns_is(el, MATHML_NS) ||
			  (html && (name_is(el, "svg") || name_is(el, "math")));
	bool is_void_el = !is_foreign && is_void(el);
	bool raw = !is_foreign && html &&
		   (name_is(el, "script") || name_is(el, "style"));
	xmlAttr *slot = dv->text ? dv->text : dv->html;
	struct expr content = {0};
	bool has_slot = false;
	bool json_ld = raw && dv->html && !dv->text && is_json_ld(el);
	if (slot && ((raw && !json_ld) || is_void_el)) {
		/* TRANSLATORS: an element, and an attribute (data-text or
		 * data-html). */
		compile_error(c, el, _("<%s> cannot take %s"), el->name,
			      slot->name);
	} else if (slot) {
		has_slot = !expr_parse(c, el, (const char *)slot->name,
				       attr_text(c, slot), false, &content);
	}
	if (is_void_el && has_content(el))
		compile_error(c, el,
			      _("<%s> is a void element: it cannot hold "
				"content"),
			      el->name);
	bool self_close = is_foreign && !slot && !has_content(el);
	const char *name = qualified_name(c, el->ns, el->name);
	if (!dv->block)
		emit_start_tag(c, el, dv, name, has_slot ? &content : NULL,
			       self_close);
	if (has_slot) {
		struct op *op = emit(c,
				     dv->text  ? OP_TEXT
				     : json_ld ? OP_JSON_LD
					       : OP_HTML,
				     el);
		op->expr = content;
	} else if (!slot) {
		/* Inside foreignObject, HTML rules come back. */
		bool child_foreign =
			is_foreign && !name_is(el, "foreignObject");
		compile_children(c, el, child_foreign, raw);
	}
	if (!dv->block && !is_void_el && !self_close) {
		emit_raw(c, "</", 2);
		emit_str(c, name);
		emit_raw(c, ">", 1);
	}
}

static struct partial *partial_find(struct loader *ld, const char *name)
{
	for (size_t i = 0; i < ld->npartials; i++)
		if (!strcmp(ld->partials[i].name, name))
			return &ld->partials[i];
	return NULL;
}

static void compile_include(struct compiler *c, xmlNode *el, xmlAttr *a,
			    bool foreign)
{
	const char *name = attr_text(c, a);
	/* Only names found in partials/ are looked up: a name never becomes
	 * a path, so "../x" cannot reach outside the theme. */
	struct partial *p = partial_find(c->ld, name);
	if (!p) {
		compile_error(c, el, _("no partial \"%s\" (partials/%s.html)"),
			      name, name);
		return;
	}
	p->used = true;
	if (!p->doc)
		return;
	if (p->active) {
		struct buf chain = BUF_INIT;
		size_t k = 0;
		while (k < c->nchain && c->chain[k] != p)
			k++;
		for (; k < c->nchain; k++)
			buf_printf(&chain, "%s -> ", c->chain[k]->name);
		buf_adds(&chain, p->name);
		/* TRANSLATORS: the partials that include each other, as
		 * "a -> b -> a". */
		compile_error(c, el, _("include loop: %s"), chain.data);
		buf_release(&chain);
		return;
	}
	xmlNode *root = xmlDocGetRootElement(p->doc);
	if (!root)
		return;
	const char *saved = c->path;
	p->active = true;
	c->chain[c->nchain++] = p;
	c->path = p->path;
	compile_element(c, root, foreign);
	c->path = saved;
	c->nchain--;
	p->active = false;
}

/* On one element: data-remove, data-if, data-each, data-include, then the
 * attributes and content (docs/themes.md). */
static void compile_element(struct compiler *c, xmlNode *el, bool foreign)
{
	struct directives dv;
	if (directives_collect(c, el, &dv) < 0 || dv.remove)
		return;
	size_t cond_op = 0, each_op = 0;
	bool has_cond = false, has_each = false;
	if (dv.cond) {
		struct expr e;
		if (!expr_parse(c, el, "data-if", attr_text(c, dv.cond), true,
				&e)) {
			cond_op = c->nops;
			emit(c, OP_IF, el)->expr = e;
			has_cond = true;
		}
	}
	if (dv.each) {
		const char *src = attr_text(c, dv.each);
		const char *p = src;
		while (is_space(*p))
			p++;
		const char *var = p;
		while (is_ident_char(*p))
			p++;
		size_t var_len = (size_t)(p - var);
		bool ok = var_len && is_ident_start(*var) && is_space(*p);
		while (ok && is_space(*p))
			p++;
		ok = ok && p[0] == 'i' && p[1] == 'n' && is_space(p[2]);
		struct expr e;
		if (!ok) {
			compile_error(c, el,
				      _("data-each=\"%s\": expected "
					"\"name in list\""),
				      src);
		} else if (c->nloops == TEMPLATE_MAX_LOOPS) {
			compile_error(c, el,
				      _("data-each nested more than %d deep"),
				      TEMPLATE_MAX_LOOPS);
		} else if (!expr_parse(c, el, "data-each", p + 2, false, &e)) {
			each_op = c->nops;
			struct op *op = emit(c, OP_EACH, el);
			op->expr = e;
			op->u.jump.scope = c->nloops;
			c->loops[c->nloops++] =
				arena_strndup(c->arena, var, var_len);
			set_label(c);
			has_each = true;
		}
	}
	if (dv.include)
		compile_include(c, el, dv.include, foreign);
	else
		compile_tag(c, el, &dv, foreign);
	if (has_each) {
		c->nloops--;
		struct op *op = emit(c, OP_NEXT, el);
		op->u.jump.target = each_op;
		op->u.jump.scope = c->nloops;
		c->ops[each_op].u.jump.target = c->nops;
		set_label(c);
	}
	if (has_cond) {
		c->ops[cond_op].u.jump.target = c->nops;
		set_label(c);
	}
}

static void compiler_init(struct compiler *c, struct loader *ld,
			  const char *path)
{
	memset(c, 0, sizeof(*c));
	c->ld = ld;
	c->arena = &ld->set->arena;
	c->path = path;
	buf_init(&c->lits);
	c->chain = xcalloc(ld->npartials + 1, sizeof(*c->chain));
}

static void compiler_release(struct compiler *c)
{
	free(c->ops);
	free(c->classes);
	buf_release(&c->lits);
	free(c->chain);
}

static void compile_page(struct loader *ld, struct template *t, xmlDoc *doc)
{
	struct compiler c;
	compiler_init(&c, ld, t->path);
	xmlNode *root = xmlDocGetRootElement(doc);
	if (doc->intSubset)
		emit_str(&c, "<!DOCTYPE html>\n");
	if (root)
		compile_element(&c, root, false);
	emit_str(&c, "\n");
	t->ops = c.ops;
	t->nops = c.nops;
	t->classes = c.classes;
	t->lits = buf_detach(&c.lits, NULL);
	c.ops = NULL;
	c.classes = NULL;
	compiler_release(&c);
}

/* Loading */

struct xml_errors {
	struct loader *ld;
	const char *path;
	bool failed;
};

static void on_xml_error(void *data, xml_error_t *err)
{
	struct xml_errors *xe = data;
	const char *msg = err->message ? err->message : _("XML error");
	int len = (int)strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--;
	struct pos pos = {xe->path, err->line > 0 ? err->line : 1, err->int2,
			  false};
	/* The parser's own words (libxml2's, in English) after ours. */
	if (err->level == XML_ERR_WARNING) {
		diag_warning(xe->ld->d, pos, "this template's XML: %.*s", len,
			     msg);
		return;
	}
	diag_error(xe->ld->d, pos, "this template is not well-formed XML: %.*s",
		   len, msg);
	xe->ld->errors++;
	xe->failed = true;
}

/* Parses path as XML without loading DTDs or anything from the network;
 * every libxml2 message goes to the diag. NULL when it failed. */
static xmlDoc *parse_file(struct loader *ld, const char *path)
{
	struct xml_errors xe = {ld, path, false};
	/* libxml2 keeps this handler per thread, and templates are loaded on
	 * one thread. */
	xmlSetStructuredErrorFunc(&xe, on_xml_error);
	xmlDoc *doc =
		xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc && xe.failed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc && !xe.failed) {
		diag_error(ld->d, pos_file(path), "cannot parse the template");
		ld->errors++;
	}
	return doc;
}

static void load_partials(struct loader *ld, const struct template_file *files,
			  size_t n)
{
	struct arena *a = &ld->set->arena;
	size_t np = 0;
	for (size_t i = 0; i < n; i++)
		np += !strncmp(files[i].name, "partials/", 9);
	ld->partials = xcalloc(np + 1, sizeof(*ld->partials));
	for (size_t i = 0; i < n; i++) {
		if (strncmp(files[i].name, "partials/", 9))
			continue;
		struct partial *p = &ld->partials[ld->npartials++];
		const char *name = files[i].name + 9;
		p->name = arena_strndup(a, name, strlen(name) - 5);
		p->path = arena_strdup(a, files[i].path);
		p->doc = parse_file(ld, p->path);
	}
}

/* A partial that no page includes is still compiled once, so that its
 * mistakes are found before a page starts using it. */
static void check_unused_partials(struct loader *ld)
{
	for (size_t i = 0; i < ld->npartials; i++) {
		struct partial *p = &ld->partials[i];
		xmlNode *root = p->doc ? xmlDocGetRootElement(p->doc) : NULL;
		if (p->used || !root)
			continue;
		struct compiler c;
		compiler_init(&c, ld, p->path);
		p->active = true;
		c.chain[c.nchain++] = p;
		compile_element(&c, root, false);
		p->active = false;
		compiler_release(&c);
	}
}

struct template_set *template_set_load(const struct template_file *files,
				       size_t n, struct diag *d)
{
	xmlInitParser();
	struct template_set *set = xcalloc(1, sizeof(*set));
	struct loader ld = {.set = set, .d = d};
	struct arena *a = &set->arena;
	load_partials(&ld, files, n);
	set->pages = xcalloc(n + 1, sizeof(*set->pages));
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(files[i].name, "partials/", 9))
			continue;
		struct template *t = &set->pages[set->npages++];
		t->name = arena_strndup(a, files[i].name,
					strlen(files[i].name) - 5);
		t->path = arena_strdup(a, files[i].path);
		xmlDoc *doc = parse_file(&ld, t->path);
		if (!doc)
			continue;
		compile_page(&ld, t, doc);
		xmlFreeDoc(doc);
	}
	check_unused_partials(&ld);
	for (size_t i = 0; i < ld.npartials; i++)
		xmlFreeDoc(ld.partials[i].doc);
	free(ld.partials);
	if (ld.errors) {
		template_set_free(set);
		return NULL;
	}
	return set;
}

void template_set_free(struct template_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->npages; i++) {
		free(set->pages[i].ops);
		free(set->pages[i].lits);
		free(set->pages[i].classes);
	}
	free(set->pages);
	arena_release(&set->arena);
	free(set);
}

const struct template *template_find(const struct template_set *set,
				     const char *name)
{
	for (size_t i = 0; i < set->npages; i++)
		if (!strcmp(set->pages[i].name, name))
			return &set->pages[i];
	return NULL;
}

const char *template_path(const struct template *t)
{
	return t->path;
}

/* Running */

struct frame {
	const struct value *list;
	const struct value *item;
	size_t i;
};

struct run {
	const struct value *ctx;
	const struct template_env *env;
	struct buf *out;
	struct diag *d;
	bool failed;
	const char *link_attr; /* of the literal URL being written */
	size_t link_start;
	struct frame frames[TEMPLATE_MAX_LOOPS];
};

static void run_error(struct run *r, const struct op *op, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void run_error(struct run *r, const struct op *op, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_error(r->d, pos_line(op->path, op->line, 0), "%s", msg.data);
	buf_release(&msg);
	r->failed = true;
}

static const char *kind_name(const struct value *v)
{
	switch (v->kind) {
	case VALUE_NULL:
		return "null";
	case VALUE_BOOL:
		/* TRANSLATORS: the kind of a template's value, as in "the
		 * value is a boolean". */
		return _("a boolean");
	case VALUE_INT:
		return _("a number");
	case VALUE_STR:
		return _("a string");
	case VALUE_HTML:
	case VALUE_LAZY:
		return "HTML";
	case VALUE_PATH:
		return _("a site path");
	case VALUE_LIST:
		return _("a list");
	case VALUE_MAP:
		return _("a map");
	}
	return "?";
}

/* Resolves e; NULL when it cannot be (reported when report is set). Going
 * through a null gives null, so that optional objects need only a data-if
 * around them. */
static const struct value *eval(struct run *r, const struct op *op,
				const struct expr *e, bool report)
{
	const struct value *v = e->scope >= 0
					? r->frames[e->scope].item
					: value_map_get(r->ctx, e->names[0]);
	size_t prefix = strlen(e->names[0]);
	for (int i = 1; v && i < e->n; i++) {
		if (v->kind == VALUE_NULL)
			return v;
		if (v->kind != VALUE_MAP) {
			if (report)
				run_error(r, op,
					  /* TRANSLATORS: a template's name,
					   * such as "product.maker.name", then
					   * the part of it that is not a map,
					   * and what it is
					   * ("a string"). */
					  _("\"%s\": %.*s is %s, not a map"),
					  e->text, (int)prefix, e->text,
					  kind_name(v));
			return NULL;
		}
		v = value_map_get(v, e->names[i]);
		prefix += 1 + strlen(e->names[i]);
	}
	if (!v && report)
		run_error(r, op, _("unknown name \"%s\""), e->text);
	return v;
}

static const char *escape_of(char ch)
{
	switch (ch) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* Escapes out->data[start..] where it lies, as buf_add_html would have:
 * links are written by link_relative straight into the page, and copying
 * them through a scratch buffer would cost an allocation per link. */
static void escape_tail(struct buf *out, size_t start)
{
	size_t extra = 0;
	for (size_t i = start; i < out->len; i++) {
		const char *rep = escape_of(out->data[i]);
		if (rep)
			extra += strlen(rep) - 1;
	}
	if (!extra)
		return;
	buf_grow(out, extra);
	size_t src = out->len, dst = out->len + extra;
	out->data[dst] = '\0';
	while (src > start) {
		char ch = out->data[--src];
		const char *rep = escape_of(ch);
		if (rep) {
			size_t n = strlen(rep);
			dst -= n;
			memcpy(out->data + dst, rep, n);
		} else {
			out->data[--dst] = ch;
		}
	}
	out->len += extra;
}

/* Tells env->links that out[start..] holds a URL attribute's value (attr)
 * or, attr NULL, markup whose links are to be found in it. */
static void add_link(struct run *r, const char *attr, size_t start)
{
	struct template_links *links = r->env->links;
	if (!links || r->out->len == start)
		return;
	XGROW(links->items, links->n, links->cap);
	links->items[links->n++] = (struct template_link){
		.attr = attr, .off = start, .len = r->out->len - start};
}

static void write_link(struct run *r, const char *site_path)
{
	size_t start = r->out->len;
	if (r->env->root_base) {
		buf_adds(r->out, r->env->root_base);
		buf_adds(r->out, site_path);
	} else {
		link_relative(r->out, r->env->depth, site_path, r->env->kiosk);
	}
	escape_tail(r->out, start);
}

/* A srcset of site paths, "a-480.webp 480w, a-960.webp 960w": each
 * candidate's path becomes a relative link, its descriptor stays. */
static void write_srcset(struct run *r, const char *s)
{
	struct buf path = BUF_INIT;
	while (*s) {
		while (is_space(*s) || *s == ',')
			s++;
		const char *url = s;
		while (*s && !is_space(*s) && *s != ',')
			s++;
		if (s == url)
			break;
		buf_reset(&path);
		buf_add(&path, url, (size_t)(s - url));
		write_link(r, path.data);
		const char *desc = s;
		while (*s && *s != ',')
			s++;
		buf_add_html(r->out, desc, (size_t)(s - desc));
		if (*s == ',')
			buf_add(r->out, ", ", 2);
	}
	buf_release(&path);
}

static void write_content(struct run *r, const struct op *op)
{
	const struct value *v = eval(r, op, &op->expr, true);
	if (!v)
		return;
	switch (v->kind) {
	case VALUE_NULL:
		return;
	case VALUE_INT:
		buf_add_int(r->out, v->u.i);
		return;
	case VALUE_STR:
		buf_add_html(r->out, v->u.str.s, v->u.str.len);
		return;
	case VALUE_HTML:
		if (op->kind == OP_HTML) {
			size_t start = r->out->len;
			buf_add(r->out, v->u.str.s, v->u.str.len);
			add_link(r, NULL, start);
			return;
		}
		break;
	case VALUE_LAZY:
		if (op->kind == OP_HTML) {
			value_lazy_write(v, r->out);
			return;
		}
		break;
	default:
		break;
	}
	if (op->kind == OP_TEXT)
		run_error(r, op,
			  /* TRANSLATORS: the attribute's value (a name), and
			   * what the value is ("a list"). */
			  _("data-text=\"%s\": the value is %s; data-text "
			    "writes strings and numbers"),
			  op->expr.text, kind_name(v));
	else
		run_error(r, op,
			  /* TRANSLATORS: the attribute's value (a name), and
			   * what the value is ("a list"). */
			  _("data-html=\"%s\": the value is %s; data-html "
			    "writes HTML, strings and numbers"),
			  op->expr.text, kind_name(v));
}

/* Structured data made by ocopgen, inside a script element: HTML values
 * only, and never one holding '<', which could close the script (the
 * generator writes it as \u003c). */
static void write_json_ld(struct run *r, const struct op *op)
{
	const struct value *v = eval(r, op, &op->expr, true);
	if (!v || v->kind == VALUE_NULL)
		return;
	if (v->kind != VALUE_HTML) {
		run_error(r, op,
			  _("data-html=\"%s\" on a JSON-LD script: the value "
			    "is %s; it must be JSON made by ocopgen"),
			  op->expr.text, kind_name(v));
		return;
	}
	if (memchr(v->u.str.s, '<', v->u.str.len)) {
		run_error(r, op,
			  _("data-html=\"%s\" on a JSON-LD script: the value "
			    "holds '<', which could end the script"),
			  op->expr.text);
		return;
	}
	buf_add(r->out, v->u.str.s, v->u.str.len);
}

static void write_lang(struct run *r, const struct op *op)
{
	const struct value *v = eval(r, op, &op->expr, false);
	const char *lang = op->u.lang;
	if (v && (v->kind == VALUE_STR || v->kind == VALUE_HTML) && v->lang &&
	    (!r->env->page_lang || strcmp(v->lang, r->env->page_lang)))
		lang = v->lang;
	if (!lang)
		return;
	buf_add(r->out, " lang=\"", 7);
	buf_add_html(r->out, lang, strlen(lang));
	buf_addc(r->out, '"');
}

static void write_attr(struct run *r, const struct op *op)
{
	const struct value *v = eval(r, op, &op->expr, true);
	if (!v)
		return;
	struct buf *out = r->out;
	const char *name = op->u.attr.name;
	switch (v->kind) {
	case VALUE_NULL:
		return;
	case VALUE_BOOL:
		if (v->u.b) {
			buf_addc(out, ' ');
			buf_adds(out, name);
		}
		return;
	case VALUE_INT:
	case VALUE_STR:
	case VALUE_PATH:
		break;
	default:
		run_error(r, op, _("data-attr-%s=\"%s\": the value is %s"),
			  name, op->expr.text, kind_name(v));
		return;
	}
	buf_addc(out, ' ');
	buf_adds(out, name);
	buf_add(out, "=\"", 2);
	size_t start = out->len;
	if (v->kind == VALUE_INT)
		buf_add_int(out, v->u.i);
	else if (v->kind == VALUE_PATH && !strcmp(name, "srcset"))
		write_srcset(r, v->u.str.s);
	else if (v->kind == VALUE_PATH)
		write_link(r, v->u.str.s);
	else if (op->u.attr.url && !link_url_is_safe(v->u.str.s))
		buf_addc(out, '#');
	else
		buf_add_html(out, v->u.str.s, v->u.str.len);
	if (op->u.attr.url)
		add_link(r, name, start);
	buf_addc(out, '"');
}

static void write_class(struct run *r, const struct template *t,
			const struct op *op)
{
	struct buf *out = r->out;
	const char *lit = op->u.cls.lit;
	bool open = false, space = false;
	if (lit) {
		buf_add(out, " class=\"", 8);
		buf_add_html(out, lit, strlen(lit));
		open = true;
		space = *lit != '\0';
	}
	for (size_t i = 0; i < op->u.cls.n; i++) {
		const struct class_item *item =
			&t->classes[op->u.cls.first + i];
		if (!value_truthy(eval(r, op, &item->expr, true)))
			continue;
		if (!open)
			buf_add(out, " class=\"", 8);
		else if (space)
			buf_addc(out, ' ');
		open = space = true;
		buf_add_html(out, item->name, strlen(item->name));
	}
	if (open)
		buf_addc(out, '"');
}

int template_run(const struct template *t, const struct value *ctx,
		 const struct template_env *env, struct buf *out,
		 struct diag *d)
{
	struct run r = {.ctx = ctx, .env = env, .out = out, .d = d};
	size_t pc = 0;
	while (pc < t->nops) {
		const struct op *op = &t->ops[pc];
		pc++;
		switch (op->kind) {
		case OP_LIT:
			buf_add(out, t->lits + op->u.lit.off, op->u.lit.len);
			break;
		case OP_TEXT:
		case OP_HTML:
			write_content(&r, op);
			break;
		case OP_JSON_LD:
			write_json_ld(&r, op);
			break;
		case OP_LANG:
			write_lang(&r, op);
			break;
		case OP_ATTR:
			write_attr(&r, op);
			break;
		case OP_SITE_URL:
			write_link(&r, op->u.site_path);
			break;
		case OP_LINK:
			if (op->u.link_attr) {
				r.link_attr = op->u.link_attr;
				r.link_start = out->len;
			} else {
				add_link(&r, r.link_attr, r.link_start);
			}
			break;
		case OP_CLASS:
			write_class(&r, t, op);
			break;
		case OP_IF: {
			const struct value *v = eval(&r, op, &op->expr, true);
			if (value_truthy(v) == op->expr.negate)
				pc = op->u.jump.target;
			break;
		}
		case OP_EACH: {
			const struct value *v = eval(&r, op, &op->expr, true);
			if (v && v->kind != VALUE_LIST && v->kind != VALUE_NULL)
				run_error(&r, op,
					  _("data-each: \"%s\" is %s, not a "
					    "list"),
					  op->expr.text, kind_name(v));
			if (!v || v->kind != VALUE_LIST || !v->u.list.n) {
				pc = op->u.jump.target;
				break;
			}
			struct frame *f = &r.frames[op->u.jump.scope];
			f->list = v;
			f->i = 0;
			f->item = v->u.list.items[0];
			break;
		}
		case OP_NEXT: {
			struct frame *f = &r.frames[op->u.jump.scope];
			if (++f->i < f->list->u.list.n) {
				f->item = f->list->u.list.items[f->i];
				pc = op->u.jump.target + 1;
			}
			break;
		}
		}
	}
	return r.failed ? -1 : 0;
}
