/* Records from a spreadsheet with the columns of products.csv. */
#include "import.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "buf.h"
#include "diag.h"
#include "exports.h"
#include "fs.h"
#include "i18n.h"
#include "journal.h"
#include "load.h"
#include "model.h"
#include "sheet.h"
#include "text.h"
#include "trade.h"
#include "util.h"
#include "validate.h"

/* A cell of the sheet. */
struct cell {
	int row, col; /* col from 1 */
};

/* Which cell set a member of a record, for messages about it. */
struct member_cell {
	const char *member; /* static */
	struct cell at;
};

/* A record as the import leaves it. */
/* The folder beside content/ where an import checks the records as they
 * would be, followed by the pid of its run. */
#define CHECK_PREFIX ".ocopgen-import."

struct record {
	const char *section; /* "products" or "producers" */
	const char *record;  /* "product.json" or "producer.json" */
	char *id;
	char *path; /* as messages show it, and as the file system takes it */
	cJSON *old; /* as it is; NULL for a new record */
	char *old_text;
	cJSON *doc; /* as it will be */
	struct member_cell *set;
	size_t nset, capset;
	char *text;	  /* doc printed */
	int *member_line; /* [members of doc]: the line each starts on */
	size_t nmembers;
};

struct importer {
	const struct import_opts *o;
	struct diag *d;
	struct model *m;
	const char *display; /* "" or "DIR/" */
	const char *show;    /* the sheet, as messages name it */
	const struct sheet *sheet;
	size_t lang;
	int column[COLUMNS]; /* sheet column (from 0) of each, or -1 */
	struct record *recs;
	size_t nrecs, caprecs;
	/* The record (index + 1, 0 when none yet) of each product and each
	 * producer of the model; records of new items are looked for among
	 * them alone. */
	size_t *product_rec, *producer_rec;
	size_t *fresh, nfresh, capfresh;
	char **folded_producers; /* [nproducers * nlangs] */
};

static struct pos at(const struct importer *im, struct cell c)
{
	return (struct pos){im->show, c.row, c.col, true};
}

/* ------------------------------------------------------------------ */
/* Records */

/* Where the index of the record section/id is kept: its slot of
 * product_rec or producer_rec, or NULL for an item the model lacks. */
static size_t *record_slot(struct importer *im, const char *section,
			   const char *id)
{
	const struct model *m = im->m;
	if (!strcmp(section, "products")) {
		const struct product *p = model_find_product(m, id);
		return p ? &im->product_rec[p - m->products] : NULL;
	}
	const struct producer *q = model_find_producer(m, id);
	return q ? &im->producer_rec[q - m->producers] : NULL;
}

static struct record *find_record(struct importer *im, const char *section,
				  const char *id)
{
	size_t *slot = record_slot(im, section, id);
	if (slot)
		return *slot ? &im->recs[*slot - 1] : NULL;
	for (size_t i = 0; i < im->nfresh; i++) {
		struct record *r = &im->recs[im->fresh[i]];
		if (!strcmp(r->section, section) && !strcmp(r->id, id))
			return r;
	}
	return NULL;
}

/* The record section/id, read from content/ or new. */
static struct record *record_of(struct importer *im, const char *section,
				const char *id)
{
	struct record *r = find_record(im, section, id);
	if (r)
		return r;
	size_t *slot = record_slot(im, section, id);
	if (slot) {
		*slot = im->nrecs + 1;
	} else {
		XGROW(im->fresh, im->nfresh, im->capfresh);
		im->fresh[im->nfresh++] = im->nrecs;
	}
	XGROW(im->recs, im->nrecs, im->caprecs);
	r = &im->recs[im->nrecs++];
	memset(r, 0, sizeof(*r));
	r->section = section;
	r->record =
		strcmp(section, "products") ? "producer.json" : "product.json";
	r->id = xstrdup(id);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%scontent/%s/%s/%s", im->display, section, id,
		   r->record);
	r->path = buf_detach(&b, NULL);
	struct buf text = BUF_INIT;
	if (buf_read_file(&text, r->path) == 0)
		r->old = cJSON_ParseWithLength(text.data, text.len);
	if (r->old)
		r->old_text = buf_detach(&text, NULL);
	buf_release(&text);
	if (r->old) {
		r->doc = cJSON_Duplicate(r->old, true);
	} else {
		r->doc = cJSON_CreateObject();
		struct buf schema = BUF_INIT;
		buf_printf(&schema, "../../../schemas/%.*s.schema.json",
			   (int)(strlen(r->record) - 5), r->record);
		cJSON_AddStringToObject(r->doc, "$schema", schema.data);
		buf_release(&schema);
	}
	return r;
}

static void note_cell(struct record *r, const char *member, struct cell c)
{
	XGROW(r->set, r->nset, r->capset);
	r->set[r->nset++] = (struct member_cell){member, c};
}

/* The cell that set member, or 0:0. */
static struct cell cell_of(const struct record *r, const char *member)
{
	for (size_t i = r->nset; i-- > 0;)
		if (!strcmp(r->set[i].member, member))
			return r->set[i].at;
	return (struct cell){0, 0};
}

/* Sets member to v (owned), keeping its place when it is there. */
static void set_member(cJSON *o, const char *member, cJSON *v)
{
	if (cJSON_HasObjectItem(o, member))
		cJSON_ReplaceItemInObjectCaseSensitive(o, member, v);
	else
		cJSON_AddItemToObject(o, member, v);
}

/* Renames a record's old member "district" "area", in its place: a record
 * whose area an import sets is written as this version reads it. */
static void rename_district(cJSON *o)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(o, "district");
	if (!old || cJSON_HasObjectItem(o, "area"))
		return;
	char *name = cJSON_malloc(sizeof("area"));
	if (!name)
		die_oom();
	memcpy(name, "area", sizeof("area"));
	if (!(old->type & cJSON_StringIsConst))
		cJSON_free(old->string);
	old->string = name;
	old->type &= ~cJSON_StringIsConst;
}

/* Sets the text of the sheet's language in a localized member, keeping
 * the others. An empty text takes the language's text away, and the
 * default language's the whole member. A text equal to the default
 * language's, where the language had none, is what the export showed for
 * it (the text a page falls back to): it stays none. */
static void set_text(struct importer *im, cJSON *o, const char *member,
		     const char *text)
{
	const struct model *m = im->m;
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(o, member);
	if (cJSON_IsString(old) && !strcmp(old->valuestring, text))
		return;
	cJSON *t = cJSON_CreateObject();
	for (size_t l = 0; l < m->site.nlangs; l++) {
		const char *code = m->site.langs[l];
		const char *was =
			cJSON_IsString(old) ? old->valuestring
			: cJSON_IsObject(old)
				? cJSON_GetStringValue(
					  cJSON_GetObjectItemCaseSensitive(
						  old, code))
				: NULL;
		const char *s = was;
		if (l == im->lang) {
			const cJSON *def = cJSON_GetObjectItemCaseSensitive(
				old, m->site.langs[0]);
			bool fallback = l && !was && cJSON_IsString(def) &&
					!strcmp(def->valuestring, text);
			s = fallback ? NULL : text;
		}
		if (s && *s)
			cJSON_AddStringToObject(t, code, s);
	}
	if (!cJSON_GetObjectItemCaseSensitive(t, m->site.langs[0])) {
		cJSON_Delete(t);
		cJSON_DeleteItemFromObjectCaseSensitive(o, member);
	} else if (old && cJSON_IsObject(old) && cJSON_Compare(old, t, true)) {
		cJSON_Delete(t);
	} else {
		set_member(o, member, t);
	}
}

static void set_string(cJSON *o, const char *member, const char *s)
{
	if (!*s)
		cJSON_DeleteItemFromObjectCaseSensitive(o, member);
	else
		set_member(o, member, cJSON_CreateString(s));
}

/* ------------------------------------------------------------------ */
/* Cells */

/* A cell's text as products.csv means it: without the ' that keeps a
 * spreadsheet from running a cell as a formula, without spaces around. */
static char *cell_text(const struct sheet_row *row, int col)
{
	const char *s =
		col >= 0 && (size_t)col < row->ncells ? row->cells[col] : "";
	while (*s == ' ' || *s == '\t')
		s++;
	if (s[0] == '\'' && s[1] && strchr("=+-@", s[1]))
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	char *t = xmalloc(len + 1);
	memcpy(t, s, len);
	t[len] = '\0';
	return t;
}

/* A date as records write it, from YYYY-MM-DD or D/M/YYYY (also with
 * dots or hyphens), as Vietnamese spreadsheets show one; false when it
 * is neither. */
static bool parse_day(const char *s, char out[16])
{
	int y, m, d;
	if (text_parse_date(s, &y, &m, &d)) {
		snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
		return true;
	}
	char sep[3];
	int n = 0;
	if (sscanf(s, "%2d%c%2d%c%4d%n", &d, &sep[0], &m, &sep[1], &y, &n) !=
		    5 ||
	    s[n] || sep[0] != sep[1] || !strchr("/.-", sep[0]) || y < 1000 ||
	    m < 1 || m > 12 || d < 1 || d > text_days_in_month(y, m))
		return false;
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	return true;
}

/* The id of the group or place of the areas named text (its id, or its name in
 * any language, whatever the case and the marks); NULL when none is. */
static const char *place_id(const struct model *m, const struct place *ps,
			    size_t n, const char *text)
{
	char *f = text_fold(text, strlen(text));
	const char *id = NULL;
	for (size_t i = 0; i < n && !id; i++) {
		if (!strcmp(ps[i].id, text))
			id = ps[i].id;
		for (size_t l = 0; l < m->site.nlangs && !id; l++) {
			const char *name = ps[i].name.s[l];
			if (!name)
				continue;
			char *g = text_fold(name, strlen(name));
			if (!strcmp(f, g))
				id = ps[i].id;
			free(g);
		}
	}
	free(f);
	return id;
}

/* "a", "b" or "c": the names of places, for a message. */
static void place_names(struct buf *b, const struct place *ps, size_t n,
			size_t lang)
{
	const char **names = xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		const char *name = ltext_get(&ps[i].name, lang, NULL);
		names[i] = name ? name : ps[i].id;
	}
	text_quoted_choices(b, names, n);
	free(names);
}

/* The producer named text (its id, or its name in any language), or
 * NULL. When two have that name, *other is set to the second. */
static const struct producer *producer_named(struct importer *im,
					     const char *text,
					     const struct producer **other)
{
	*other = NULL;
	const struct model *m = im->m;
	size_t nl = m->site.nlangs;
	if (!im->folded_producers) {
		im->folded_producers =
			xcalloc(m->nproducers * nl + 1, sizeof(char *));
		for (size_t i = 0; i < m->nproducers; i++)
			for (size_t l = 0; l < nl; l++) {
				const char *s = m->producers[i].name.s[l];
				if (s)
					im->folded_producers[i * nl + l] =
						text_fold(s, strlen(s));
			}
	}
	const struct producer *p = model_find_producer(m, text);
	if (p)
		return p;
	char *f = text_fold(text, strlen(text));
	for (size_t i = 0; i < m->nproducers * nl; i++) {
		const struct producer *q = &m->producers[i / nl];
		if (!im->folded_producers[i] || q == p ||
		    strcmp(im->folded_producers[i], f))
			continue;
		if (p) {
			/* Two of that name: which is meant, the id says. */
			*other = q;
			break;
		}
		p = q;
	}
	free(f);
	return p;
}

/* A list written "a; b; c", as an array of strings, or of texts of the
 * sheet's language kept beside their other languages (by position). */
static cJSON *list_of(struct importer *im, const char *text, const cJSON *old,
		      bool texts)
{
	cJSON *list = cJSON_CreateArray();
	char *copy = xstrdup(text), *save = NULL;
	int k = 0;
	for (char *item = strtok_r(copy, ";", &save); item;
	     item = strtok_r(NULL, ";", &save)) {
		while (*item == ' ' || *item == '\t')
			item++;
		size_t len = strlen(item);
		while (len && (item[len - 1] == ' ' || item[len - 1] == '\t'))
			item[--len] = '\0';
		if (!len)
			continue;
		if (!texts) {
			cJSON_AddItemToArray(list, cJSON_CreateString(item));
			continue;
		}
		cJSON *holder = cJSON_CreateObject();
		const cJSON *was = cJSON_GetArrayItem(old, k++);
		if (was)
			cJSON_AddItemToObject(holder, "t",
					      cJSON_Duplicate(was, true));
		set_text(im, holder, "t", item);
		cJSON *t = cJSON_DetachItemFromObject(holder, "t");
		cJSON_Delete(holder);
		if (t)
			cJSON_AddItemToArray(list, t);
	}
	free(copy);
	return list;
}

/* The cell of column c in row, or NULL when the sheet has no such
 * column; *where is set to it. */
static char *column(struct importer *im, const struct sheet_row *row,
		    enum export_column c, struct cell *where)
{
	if (im->column[c] < 0)
		return NULL;
	*where = (struct cell){row->number, im->column[c] + 1};
	return cell_text(row, im->column[c]);
}

/* ------------------------------------------------------------------ */
/* Trade data: cells as exports_quantity_cell, exports_certification_cell
 * and the price's columns write them. A value that reads as the record's
 * keeps the record's form. */

/* A number as the exports write it ("80000", "0.5"), up to end, or to
 * the end of s when end is NULL; false when s holds no such number. */
static bool parse_number(const char *s, const char **end, double *out)
{
	char *stop;
	if (!((*s >= '0' && *s <= '9') || *s == '.'))
		return false;
	double v = strtod(s, &stop);
	if (stop == s || !isfinite(v) || (!end && *stop))
		return false;
	if (end)
		*end = stop;
	*out = v;
	return true;
}

/* Sets the quantity member from a cell "500 g"; an empty cell takes it
 * away. */
static void set_quantity(struct importer *im, struct record *r,
			 const char *member, const char *text, struct cell c)
{
	note_cell(r, member, c);
	if (!*text) {
		cJSON_DeleteItemFromObjectCaseSensitive(r->doc, member);
		return;
	}
	const char *unit;
	double v;
	if (!parse_number(text, &unit, &v)) {
		diag_error(im->d, at(im, c),
			   "\"%s\" is not a quantity: write the number and "
			   "the unit, such as \"500 g\" or \"12 month\"",
			   text);
		return;
	}
	while (*unit == ' ')
		unit++;
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(r->doc, member);
	const cJSON *ov = cJSON_GetObjectItemCaseSensitive(old, "value");
	const char *ou = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(old, "unit"));
	if (cJSON_IsNumber(ov) && ov->valuedouble == v && ou &&
	    !strcmp(ou, unit))
		return;
	cJSON *q = cJSON_CreateObject();
	cJSON_AddNumberToObject(q, "value", v);
	cJSON_AddStringToObject(q, "unit", unit);
	set_member(r->doc, member, q);
}

/* Sets price's number member from a cell of column name, in currency
 * (NULL when not known); false after reporting one that is not a number,
 * or not the amount meant (trade_check_amount: "110.000" for 110000
 * VND). */
static bool set_amount(struct importer *im, cJSON *price, const char *member,
		       const char *name, const char *text, const char *currency,
		       struct cell c)
{
	double v;
	if (!parse_number(text, NULL, &v)) {
		double grouped = trade_grouped_number(text);
		struct buf meant = BUF_INIT;
		if (grouped > 0)
			trade_plain_number(&meant, grouped);
		if (grouped > 0)
			diag_error(im->d, at(im, c),
				   "%s is \"%s\"; did you mean %s? (write "
				   "numbers without thousands separators)",
				   name, text, meant.data);
		else
			diag_error(im->d, at(im, c),
				   "%s is \"%s\", not an amount: write a "
				   "number, such as 80000 (no thousands "
				   "separator) or 12.5",
				   name, text);
		buf_release(&meant);
		return false;
	}
	struct buf why = BUF_INIT;
	bool meant = trade_check_amount(&why, text, v, currency);
	if (!meant)
		diag_error(im->d, at(im, c), "%s is %s", name, why.data);
	buf_release(&why);
	if (!meant)
		return false;
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(price, member);
	if (!cJSON_IsNumber(old) || old->valuedouble != v)
		set_member(price, member, cJSON_CreateNumber(v));
	return true;
}

/* "price" from the columns price_min, price_max, price_currency,
 * price_unit and price_note; no price when they are all empty. */
static void import_price(struct importer *im, const struct sheet_row *row,
			 struct record *p)
{
	enum export_column cols[] = {COL_PRICE_MIN, COL_PRICE_MAX,
				     COL_PRICE_CURRENCY, COL_PRICE_UNIT,
				     COL_PRICE_NOTE};
	char *t[ARRAY_SIZE(cols)];
	struct cell at_[ARRAY_SIZE(cols)];
	bool any_column = false, any = false;
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		t[i] = column(im, row, cols[i], &at_[i]);
		any_column |= t[i] != NULL;
		any |= t[i] && *t[i];
	}
	if (!any_column)
		return;
	note_cell(p, "price", at_[0].row ? at_[0] : at_[4]);
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(p->doc, "price");
	if (!any) {
		cJSON_DeleteItemFromObjectCaseSensitive(p->doc, "price");
		goto done;
	}
	cJSON *price = cJSON_IsObject(old) ? cJSON_Duplicate(old, true)
					   : cJSON_CreateObject();
	/* The amounts are checked in the currency the price will have. */
	const char *currency =
		t[2] ? t[2]
		     : cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
			       price, "currency"));
	if (t[0] && !*t[0])
		diag_error(im->d, at(im, at_[0]),
			   "price_min is empty: write the price, or the lowest "
			   "of a range (its highest in price_max)");
	else if (t[0])
		set_amount(im, price, "min", "price_min", t[0], currency,
			   at_[0]);
	if (t[1] && *t[1]) {
		set_amount(im, price, "max", "price_max", t[1], currency,
			   at_[1]);
	} else if (t[1]) {
		/* No highest price: one price, which a record may also
		 * write with "max" equal to "min". */
		const cJSON *min =
			cJSON_GetObjectItemCaseSensitive(price, "min");
		const cJSON *max =
			cJSON_GetObjectItemCaseSensitive(price, "max");
		if (max && !(cJSON_IsNumber(min) && cJSON_IsNumber(max) &&
			     min->valuedouble == max->valuedouble))
			cJSON_DeleteItemFromObjectCaseSensitive(price, "max");
	}
	if (t[2])
		set_string(price, "currency", t[2]);
	if (t[3])
		set_string(price, "unit", t[3]);
	if (t[4])
		set_text(im, price, "note", t[4]);
	if (old && cJSON_Compare(old, price, true))
		cJSON_Delete(price);
	else
		set_member(p->doc, "price", price);
done:
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		free(t[i]);
}

/* The member of a certification, as a string (a plain name is a name
 * alone); NULL when it has none. */
static const char *cert_part(const cJSON *item, const char *member)
{
	if (cJSON_IsString(item))
		return strcmp(member, "name") ? NULL : item->valuestring;
	return cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(item, member));
}

static bool same_certification(const cJSON *a, const cJSON *b)
{
	static const char *const parts[] = {"name", "number", "issuer",
					    "issued", "expires"};
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		const char *x = cert_part(a, parts[i]);
		const char *y = cert_part(b, parts[i]);
		if ((x || y) && (!x || !y || strcmp(x, y)))
			return false;
	}
	return true;
}

/* One certification of the cell, as exports_certification_cell writes
 * it: "VietGAP (no. VG-01, issued 2023-05-04)". NULL after reporting. */
static cJSON *parse_certification(struct importer *im, char *item,
				  struct cell c)
{
	static const char *const words[] = {
		EXPORTS_CERT_NUMBER, EXPORTS_CERT_ISSUER, EXPORTS_CERT_ISSUED,
		EXPORTS_CERT_EXPIRES};
	static const char *const members[] = {"number", "issuer", "issued",
					      "expires"};
	cJSON *o = cJSON_CreateObject();
	size_t len = strlen(item);
	/* The details are the last brackets, when they start with a word
	 * of theirs; other brackets are the name's: "Organic (TCVN)". */
	char *open = len && item[len - 1] == ')' ? strrchr(item, '(') : NULL;
	bool details = false;
	for (size_t k = 0; open && k < ARRAY_SIZE(words); k++)
		details |= !strncmp(open + 1, words[k], strlen(words[k]));
	if (details) {
		item[len - 1] = '\0';
		*open = '\0';
		char *part = open + 1;
		while (part) {
			/* A part ends before ", " and the next word. */
			char *next = NULL;
			for (char *comma = strstr(part, ", "); comma && !next;
			     comma = strstr(comma + 1, ", "))
				for (size_t k = 0; k < ARRAY_SIZE(words); k++)
					if (!strncmp(comma + 2, words[k],
						     strlen(words[k])))
						next = comma;
			if (next)
				*next = '\0';
			size_t k = 0;
			while (strncmp(part, words[k], strlen(words[k])))
				k++;
			const char *v = part + strlen(words[k]);
			char day[16];
			if (k >= 2 && !parse_day(v, day)) {
				diag_error(im->d, at(im, c),
					   "\"%s%s\": write the date as "
					   "2026-05-04 or 04/05/2026",
					   words[k], v);
				cJSON_Delete(o);
				return NULL;
			}
			set_member(o, members[k],
				   cJSON_CreateString(k >= 2 ? day : v));
			part = next ? next + 2 : NULL;
		}
	}
	len = strlen(item);
	while (len && item[len - 1] == ' ')
		item[--len] = '\0';
	cJSON_AddItemToObject(o, "name", cJSON_CreateString(item));
	/* The name first, as records write it. */
	cJSON *name = cJSON_DetachItemFromObject(o, "name");
	cJSON *out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "name", name);
	for (cJSON *m = o->child; m;) {
		cJSON *next = m->next;
		cJSON_AddItemToObject(out, m->string,
				      cJSON_DetachItemViaPointer(o, m));
		m = next;
	}
	cJSON_Delete(o);
	if (cJSON_GetArraySize(out) == 1) {
		cJSON *plain = cJSON_CreateString(item);
		cJSON_Delete(out);
		return plain;
	}
	return out;
}

/* "certifications" from its cell, items apart by ";" outside brackets;
 * an item that reads as the record's item in its place keeps its form. */
static void set_certifications(struct importer *im, struct record *r,
			       const char *text, struct cell c)
{
	note_cell(r, "certifications", c);
	const cJSON *old =
		cJSON_GetObjectItemCaseSensitive(r->doc, "certifications");
	cJSON *list = cJSON_CreateArray();
	char *copy = xstrdup(text);
	char *item = copy;
	int depth = 0, k = 0;
	bool ok = true;
	for (char *q = copy;; q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')' && depth)
			depth--;
		if (*q && (*q != ';' || depth))
			continue;
		bool last = !*q;
		*q = '\0';
		while (*item == ' ' || *item == '\t')
			item++;
		size_t len = strlen(item);
		while (len && (item[len - 1] == ' ' || item[len - 1] == '\t'))
			item[--len] = '\0';
		if (len) {
			cJSON *cert = parse_certification(im, item, c);
			const cJSON *was = cJSON_GetArrayItem(old, k++);
			ok &= cert != NULL;
			if (cert && was && same_certification(was, cert)) {
				cJSON_Delete(cert);
				cert = cJSON_Duplicate(was, true);
			}
			if (cert)
				cJSON_AddItemToArray(list, cert);
		}
		if (last)
			break;
		item = q + 1;
	}
	free(copy);
	if (!ok || (old && cJSON_Compare(old, list, true))) {
		cJSON_Delete(list);
	} else if (cJSON_GetArraySize(list)) {
		set_member(r->doc, "certifications", list);
	} else {
		cJSON_Delete(list);
		cJSON_DeleteItemFromObjectCaseSensitive(r->doc,
							"certifications");
	}
}

/* An HS code as a spreadsheet may have turned it into a number, its
 * leading zero lost: "902.3" was "0902.30", "9023010" "09023010" (the
 * codes have an even number of digits). Other texts as they are. */
static char *hs_code_restored(const char *s)
{
	size_t len = strlen(s), digits = strspn(s, "0123456789");
	struct buf b = BUF_INIT;
	if (len && digits == len && len % 2) {
		buf_printf(&b, "0%s", s);
	} else if (digits == 3 && s[3] == '.' &&
		   strspn(s + 4, "0123456789") == len - 4 && len - 4 <= 2 &&
		   len > 4) {
		buf_printf(&b, "0%s%s", s, len - 4 == 1 ? "0" : "");
	} else {
		buf_adds(&b, s);
	}
	return buf_detach(&b, NULL);
}

/* Whether a and b have the same digits, whatever their dots. */
static bool same_digits(const char *a, const char *b)
{
	for (;;) {
		while (*a == '.')
			a++;
		while (*b == '.')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

/* "indicative" from its column, "certificate.issued; price": each name
 * one of indicative_names; the record's list kept when it names the same
 * fields in another order. */
static void set_indicative(struct importer *im, struct record *p,
			   const char *text, struct cell c)
{
	cJSON *list = list_of(im, text, NULL, false);
	unsigned want = 0, have = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, list)
	{
		enum indicative_field f =
			model_indicative_field(item->valuestring);
		if (f == INDICATIVE_FIELDS) {
			struct buf names = BUF_INIT;
			text_quoted_choices(&names, indicative_names,
					    INDICATIVE_FIELDS);
			diag_error(im->d, at(im, c),
				   "\"%s\" is not a field that may be "
				   "indicative: write %s, separated by \";\"",
				   item->valuestring, names.data);
			buf_release(&names);
			cJSON_Delete(list);
			return;
		}
		want |= 1u << f;
	}
	const cJSON *old =
		cJSON_GetObjectItemCaseSensitive(p->doc, "indicative");
	cJSON_ArrayForEach(item, old)
	{
		enum indicative_field f =
			cJSON_IsString(item)
				? model_indicative_field(item->valuestring)
				: INDICATIVE_FIELDS;
		if (f < INDICATIVE_FIELDS)
			have |= 1u << f;
	}
	note_cell(p, "indicative", c);
	if (want == have && (want || !old)) {
		cJSON_Delete(list);
		return;
	}
	if (want)
		set_member(p->doc, "indicative", list);
	else {
		cJSON_Delete(list);
		cJSON_DeleteItemFromObjectCaseSensitive(p->doc, "indicative");
	}
}

static void import_trade(struct importer *im, const struct sheet_row *row,
			 struct record *p)
{
	static const struct {
		enum export_column col;
		const char *member;
	} quantities[] = {
		{COL_NET_WEIGHT, "net_weight"}, {COL_VOLUME, "volume"},
		{COL_SHELF_LIFE, "shelf_life"}, {COL_MIN_ORDER, "min_order"},
		{COL_LEAD_TIME, "lead_time"},	{COL_CAPACITY, "capacity"},
	};
	struct cell c;
	for (size_t i = 0; i < ARRAY_SIZE(quantities); i++) {
		char *t = column(im, row, quantities[i].col, &c);
		if (t)
			set_quantity(im, p, quantities[i].member, t, c);
		free(t);
	}
	import_price(im, row, p);
	char *t = column(im, row, COL_CERTIFICATIONS, &c);
	if (t)
		set_certifications(im, p, t, c);
	free(t);
	t = column(im, row, COL_HS_CODE, &c);
	if (t) {
		char *code = hs_code_restored(t);
		const char *old = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(p->doc, "hs_code"));
		/* The export writes the digits alone; the record keeps its
		 * dots. */
		if (!old || !same_digits(old, code))
			set_string(p->doc, "hs_code", code);
		note_cell(p, "hs_code", c);
		free(code);
	}
	free(t);
}

/* ------------------------------------------------------------------ */
/* Cells of merged cells, cells of two phone numbers */

/* Reports each cell of row, in a column read, that is empty because it
 * lies in merged cells whose value is in their top-left cell only (Excel
 * keeps it there alone). Returns whether there was one. */
static bool merged_holes(struct importer *im, const struct sheet_row *row)
{
	bool any = false;
	for (int k = 0; im->sheet->nmerged && k < COLUMNS; k++) {
		int col = im->column[k] + 1;
		if (!col)
			continue;
		char *t = cell_text(row, col - 1);
		bool empty = !*t;
		free(t);
		const struct sheet_range *r =
			empty ? sheet_merged_at(im->sheet, row->number, col)
			      : NULL;
		const char *value =
			r ? sheet_cell(im->sheet, r->row1, r->col1) : "";
		if (!value[strspn(value, " \t")])
			continue; /* all of them empty: not the merge's doing */
		char here[8], first[8], last[8];
		diag_column_letters((size_t)col - 1, here);
		diag_column_letters((size_t)r->col1 - 1, first);
		diag_column_letters((size_t)r->col2 - 1, last);
		char cell[24], range[48], top[24];
		snprintf(cell, sizeof(cell), "%s%d", here, row->number);
		snprintf(range, sizeof(range), "%s%d:%s%d", first, r->row1,
			 last, r->row2);
		snprintf(top, sizeof(top), "%s%d", first, r->row1);
		struct cell c = {row->number, col};
		diag_error(im->d, at(im, c),
			   /* TRANSLATORS: the cell ("D3"), the merged cells
			    * ("D2:D4"), their top-left cell ("D2"). */
			   "%s is part of the merged cells %s, whose value is "
			   "in %s only: unmerge them (Home > Merge & Center) "
			   "and fill in each cell",
			   cell, range, top);
		any = true;
	}
	return any;
}

static bool phone_char(const char *p, const char *start)
{
	if (!*p || !strchr("0123456789 +.()-", *p))
		return false;
	/* A hyphen beside a space parts two numbers: "0912 345 678 - 0209
	 * 3884 123". */
	return *p != '-' || ((p == start || p[-1] != ' ') && p[1] != ' ');
}

/* The phone numbers of a cell that holds more than one ("0209 3884 123 /
 * 0912 345 678", "…; …"): the first two, in a and b, and true. A number
 * is a run of the characters of phone numbers with 8 digits or more. */
static bool two_numbers(const char *text, struct buf *a, struct buf *b)
{
	int found = 0;
	const char *p = text;
	while (*p && found < 2) {
		while (*p && !phone_char(p, text))
			p++;
		const char *start = p;
		size_t digits = 0;
		for (; phone_char(p, text); p++)
			digits += *p >= '0' && *p <= '9';
		const char *end = p;
		while (start < end && strchr(" .-)", *start))
			start++;
		while (end > start && strchr(" .-(", end[-1]))
			end--;
		if (digits >= 8)
			buf_add(found++ ? b : a, start, (size_t)(end - start));
	}
	return found == 2;
}

/* Reports a cell of "phone" or "zalo" (member) of producer q that holds
 * two numbers, which the field cannot. Returns whether it did. */
static bool two_phones(struct importer *im, const struct record *q,
		       const char *member, const char *text, struct cell c)
{
	struct buf a = BUF_INIT, b = BUF_INIT, fixed = BUF_INIT;
	bool two = two_numbers(text, &a, &b);
	if (two) {
		enum phone_fault f = text_phone_check(a.data, &fixed);
		if (f == PHONE_OK || !fixed.len) {
			buf_reset(&fixed);
			buf_adds(&fixed, a.data);
		}
		struct buf story = BUF_INIT;
		buf_printf(&story, "%scontent/producers/%s/%s.md", im->display,
			   q->id, im->m->site.langs[im->lang]);
		if (!strcmp(member, "zalo"))
			diag_error(im->d, at(im, c),
				   /* TRANSLATORS: the two numbers, the first as
				    * it should be written, then the file of the
				    * producer's text. */
				   "\"zalo\" holds two numbers, \"%s\" and "
				   "\"%s\", but takes only one, the number "
				   "registered with Zalo: write it here, such "
				   "as \"%s\", and the other in \"phone\", or "
				   "in the producer's text, %s",
				   a.data, b.data, fixed.data, story.data);
		else
			diag_error(
				im->d, at(im, c),
				/* TRANSLATORS: the two numbers, the first as
				 * it should be written, then the file of the
				 * producer's text. */
				"\"phone\" holds two numbers, \"%s\" and "
				"\"%s\", but takes only one: write one here, "
				"such as \"%s\", and the other in \"zalo\" "
				"if it is the producer's Zalo number, else "
				"in the producer's text, %s",
				a.data, b.data, fixed.data, story.data);
		buf_release(&story);
	}
	buf_release(&a);
	buf_release(&b);
	buf_release(&fixed);
	return two;
}

/* ------------------------------------------------------------------ */
/* Rows */

/* Producers met in rows, and the first row that gave each field, so that
 * two rows that disagree are told. what: the member as messages name it,
 * a word marked with N_() ("address"). */
static void set_producer_field(struct importer *im, struct record *r,
			       const char *member, const char *what,
			       const char *text, struct cell c, bool localized)
{
	struct cell before = cell_of(r, member);
	if (before.row) {
		/* Already set by an earlier row: the same, or an error. */
		cJSON *tmp = cJSON_CreateObject();
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(r->doc, member);
		if (cur)
			cJSON_AddItemToObject(tmp, member,
					      cJSON_Duplicate(cur, true));
		if (localized)
			set_text(im, tmp, member, text);
		else
			set_string(tmp, member, text);
		bool same = cJSON_Compare(
			cJSON_GetObjectItemCaseSensitive(tmp, member), cur,
			true);
		if (!cur && !cJSON_GetObjectItemCaseSensitive(tmp, member))
			same = true;
		cJSON_Delete(tmp);
		if (!same)
			diag_error(im->d, at(im, c),
				   "the producer \"%s\" has another %s in row "
				   "%d: write the same in each of its rows",
				   r->id, _(what), before.row);
		return;
	}
	if (localized)
		set_text(im, r->doc, member, text);
	else
		set_string(r->doc, member, text);
	note_cell(r, member, c);
}

static void import_row(struct importer *im, const struct sheet_row *row)
{
	const struct model *m = im->m;
	struct cell c, slug_at;
	/* A row with such a cell is not read further: its other problems
	 * would be that cell's. */
	if (merged_holes(im, row))
		return;
	char *slug = column(im, row, COL_SLUG, &slug_at);
	if (!*slug) {
		diag_error(im->d, at(im, slug_at),
			   "the slug is empty: every product needs its id, "
			   "such as \"mien-dong-tai-hoan\"");
		free(slug);
		return;
	}
	if (!text_is_slug(slug)) {
		char *better = text_slug_from(slug);
		if (*better)
			diag_error(im->d, at(im, slug_at),
				   "\"%s\" is not a valid id: use lower-case "
				   "letters a-z, digits and single hyphens, "
				   "such as \"%s\"",
				   slug, better);
		else
			diag_error(im->d, at(im, slug_at),
				   "\"%s\" is not a valid id: use lower-case "
				   "letters a-z, digits and single hyphens",
				   slug);
		free(better);
		free(slug);
		return;
	}
	if (find_record(im, "products", slug)) {
		diag_error(im->d, at(im, slug_at),
			   "\"%s\" is in an earlier row too: one row per "
			   "product",
			   slug);
		free(slug);
		return;
	}
	struct record *p = record_of(im, "products", slug);
	/* record_of may move im->recs: p is found again after each call. */
	size_t p_index = (size_t)(p - im->recs);
	bool is_new = !p->old;
	note_cell(p, "slug", slug_at);

	static const struct {
		enum export_column col;
		const char *member;
		const char *what; /* the member as messages name it */
		bool required;
	} texts[] = {
		/* TRANSLATORS: what a product has, in "a new product needs its
		 * %s" and "the %s is empty". */
		{COL_NAME, "name", N_("name"), true},
		{COL_SUMMARY, "summary", N_("summary"), true},
		{COL_PACKAGING, "packaging", NULL, false},
		{COL_PRICE_RANGE, "price_range", NULL, false},
	};
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		char *t = column(im, row, texts[i].col, &c);
		if (!t) {
			if (is_new && texts[i].required)
				diag_error(im->d, at(im, slug_at),
					   "a new product needs its %s: add "
					   "the column \"%s\"",
					   _(texts[i].what),
					   exports_columns[texts[i].col]);
			continue;
		}
		if (!*t && texts[i].required)
			diag_error(im->d, at(im, c), "the %s is empty",
				   _(texts[i].what));
		else
			set_text(im, p->doc, texts[i].member, t);
		note_cell(p, texts[i].member, c);
		free(t);
	}

	char *t = column(im, row, COL_STARS, &c);
	if (t) {
		char *end;
		double v = strtod(t, &end);
		if (*end || end == t || v != floor(v) || v < 3 || v > 5)
			diag_error(im->d, at(im, c),
				   "the stars are \"%s\": OCOP certifies 3, 4 "
				   "or 5 stars; write one of those",
				   t);
		else
			set_member(p->doc, "stars", cJSON_CreateNumber(v));
		note_cell(p, "stars", c);
	} else if (is_new) {
		diag_error(im->d, at(im, slug_at),
			   "a new product needs its stars: add the column "
			   "\"stars\"");
	}
	free(t);

	/* The certificate: its decision and its day of issue; its other
	 * members kept. */
	cJSON *cert = cJSON_GetObjectItemCaseSensitive(p->doc, "certificate");
	if (!cJSON_IsObject(cert)) {
		cert = cJSON_CreateObject();
		set_member(p->doc, "certificate", cert);
	}
	t = column(im, row, COL_DECISION, &c);
	if (t) {
		set_string(cert, "decision", t);
		note_cell(p, "certificate", c);
	}
	free(t);
	t = column(im, row, COL_ISSUED, &c);
	char day[16];
	if (t && !parse_day(t, day)) {
		diag_error(im->d, at(im, c),
			   "\"%s\" is not a date: write it 2024-06-25 or "
			   "25/06/2024",
			   t);
	} else if (t) {
		set_member(cert, "issued", cJSON_CreateString(day));
		note_cell(p, "certificate", c);
	} else if (is_new) {
		diag_error(im->d, at(im, slug_at),
			   "a new product needs its certificate's day of "
			   "issue: add the column \"certificate_issued\"");
	}
	free(t);

	t = column(im, row, COL_GROUP, &c);
	if (t) {
		const char *id =
			place_id(m, m->site.groups, m->site.ngroups, t);
		if (!id) {
			struct buf names = BUF_INIT;
			place_names(&names, m->site.groups, m->site.ngroups,
				    im->lang);
			if (names.data)
				diag_error(im->d, at(im, c),
					   "no product group is named \"%s\": "
					   "write %s",
					   t, names.data);
			else
				diag_error(im->d, at(im, c),
					   "no product group is named \"%s\": "
					   "write a group",
					   t);
			buf_release(&names);
		} else {
			set_member(p->doc, "group", cJSON_CreateString(id));
		}
		note_cell(p, "group", c);
	} else if (is_new) {
		diag_error(im->d, at(im, slug_at),
			   "a new product needs its group: add the column "
			   "\"group\"");
	}
	free(t);

	/* The producer: found by its name (or id), else a new one. */
	struct record *q = NULL;
	struct cell producer_at;
	t = column(im, row, COL_PRODUCER, &producer_at);
	if (t && !*t) {
		diag_error(im->d, at(im, producer_at),
			   "the producer is empty: write its name");
	} else if (t) {
		const struct producer *other;
		const struct producer *known = producer_named(im, t, &other);
		char *id = known ? xstrdup(known->id) : text_slug_from(t);
		if (other) {
			diag_error(im->d, at(im, producer_at),
				   "two producers are named \"%s\" (\"%s\" and "
				   "\"%s\"): write the id of the one meant",
				   t, known->id, other->id);
		} else if (!*id) {
			diag_error(im->d, at(im, producer_at),
				   "\"%s\" gives no id for a new producer: "
				   "write its name in letters",
				   t);
		} else {
			q = record_of(im, "producers", id);
			p = &im->recs[p_index];
			if (!q->old && !cell_of(q, "name").row) {
				set_text(im, q->doc, "name", t);
				note_cell(q, "name", producer_at);
			} else if (q->old && strcmp(t, id)) {
				/* TRANSLATORS: a producer's name, in "the
				 * producer "%s" has another %s in row %d". */
				set_producer_field(im, q, "name", N_("name"), t,
						   producer_at, true);
			}
			set_member(p->doc, "producer", cJSON_CreateString(id));
		}
		note_cell(p, "producer", producer_at);
		free(id);
	} else if (is_new) {
		diag_error(im->d, at(im, slug_at),
			   "a new product needs its producer: add the column "
			   "\"producer\"");
	} else {
		/* No producer column: the producer's columns are about the
		 * product's producer. */
		const char *id = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(p->doc, "producer"));
		if (id && model_find_producer(m, id)) {
			q = record_of(im, "producers", id);
			p = &im->recs[p_index];
		}
	}
	free(t);

	/* The area: the product's own, unless it is its producer's (the
	 * export shows that one where the product has none). */
	t = column(im, row, COL_AREA, &c);
	const struct areas *ar = &m->site.areas;
	const char *area = NULL;
	if (t && *t && !(area = place_id(m, ar->places, ar->nplaces, t))) {
		struct buf names = BUF_INIT;
		place_names(&names, ar->places, ar->nplaces, im->lang);
		if (names.data)
			diag_error(im->d, at(im, c),
				   "no area is named \"%s\": write %s", t,
				   names.data);
		else
			diag_error(im->d, at(im, c),
				   "no area is named \"%s\": write an area", t);
		buf_release(&names);
	} else if (t) {
		const char *theirs = NULL;
		if (q) {
			rename_district(q->doc);
			if (!q->old && area &&
			    !cJSON_HasObjectItem(q->doc, "area")) {
				set_member(q->doc, "area",
					   cJSON_CreateString(area));
				note_cell(q, "area", c);
			}
			theirs = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(q->doc,
								 "area"));
		} else {
			const char *id = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(p->doc,
								 "producer"));
			const struct producer *pr =
				id ? model_find_producer(m, id) : NULL;
			theirs = pr ? pr->area_id : NULL;
		}
		rename_district(p->doc);
		bool own = cJSON_HasObjectItem(p->doc, "area");
		if (!area || (!own && theirs && !strcmp(theirs, area)))
			cJSON_DeleteItemFromObjectCaseSensitive(p->doc, "area");
		else
			set_member(p->doc, "area", cJSON_CreateString(area));
		note_cell(p, "area", c);
	}
	free(t);

	/* The producer's own columns. */
	static const struct {
		enum export_column col;
		const char *member;
		const char *what; /* the member as messages name it */
		bool localized;
	} theirs[] = {
		/* TRANSLATORS: what a producer has, in "a new producer needs
		 * its %s" and "the producer "%s" has another %s in row %d". */
		{COL_PRODUCER_TYPE, "type", N_("type"), false},
		{COL_ADDRESS, "address", N_("address"), true},
		{COL_PHONE, "phone", N_("phone"), false},
		{COL_ZALO, "zalo", N_("zalo"), false},
		{COL_EMAIL, "email", N_("email"), false},
		{COL_WEBSITE, "website", N_("website"), false},
	};
	for (size_t i = 0; q && i < ARRAY_SIZE(theirs); i++) {
		t = column(im, row, theirs[i].col, &c);
		if (!t) {
			if (!q->old && (theirs[i].col == COL_PRODUCER_TYPE ||
					theirs[i].col == COL_ADDRESS))
				diag_error(im->d, at(im, producer_at),
					   "a new producer needs its %s: add "
					   "the column \"%s\"",
					   _(theirs[i].what),
					   exports_columns[theirs[i].col]);
			continue;
		}
		if (theirs[i].col == COL_PRODUCER_TYPE && *t) {
			size_t k = 0;
			while (k < PRODUCER_TYPES &&
			       strcmp(producer_type_names[k], t))
				k++;
			if (k == PRODUCER_TYPES) {
				struct buf use = BUF_INIT;
				text_quoted_choices(&use, producer_type_names,
						    PRODUCER_TYPES);
				diag_error(im->d, at(im, c),
					   "\"%s\" is not a kind of producer: "
					   "write %s",
					   t, use.data);
				buf_release(&use);
				free(t);
				continue;
			}
		}
		if ((theirs[i].col == COL_PHONE || theirs[i].col == COL_ZALO) &&
		    two_phones(im, q, theirs[i].member, t, c)) {
			free(t);
			continue;
		}
		set_producer_field(im, q, theirs[i].member, theirs[i].what, t,
				   c, theirs[i].localized);
		free(t);
	}

	import_trade(im, row, p);
	t = column(im, row, COL_INDICATIVE, &c);
	if (t)
		set_indicative(im, p, t, c);
	free(t);
	t = column(im, row, COL_EXPORT_MARKETS, &c);
	if (t) {
		cJSON *l = list_of(im, t,
				   cJSON_GetObjectItemCaseSensitive(
					   p->doc, "export_markets"),
				   true);
		if (cJSON_GetArraySize(l))
			set_member(p->doc, "export_markets", l);
		else {
			cJSON_Delete(l);
			cJSON_DeleteItemFromObjectCaseSensitive(
				p->doc, "export_markets");
		}
		note_cell(p, "export_markets", c);
	}
	free(t);
	free(slug);
}

/* ------------------------------------------------------------------ */
/* Printing */

static void indent(struct buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_adds(b, "  ");
}

static bool scalar(const cJSON *v)
{
	return !cJSON_IsObject(v) && !cJSON_IsArray(v);
}

/* The width records are written in: an object of scalars that fits on
 * its line stays on it, {"vi": "Miến dong"}; a list of scalars always
 * does. */
#define RECORD_WIDTH 80

static void print_key(struct buf *b, const char *key)
{
	cJSON *k = cJSON_CreateString(key);
	char *q = k ? cJSON_PrintUnformatted(k) : NULL;
	if (!q)
		die_oom();
	buf_printf(b, "%s: ", q);
	cJSON_free(q);
	cJSON_Delete(k);
}

static void print_scalar(struct buf *b, const cJSON *v)
{
	char *s = cJSON_PrintUnformatted(v);
	if (!s)
		die_oom();
	buf_adds(b, s);
	cJSON_free(s);
}

/* style: as layout_of gives it, for v, an object or a list of scalars. */
static void print_value(struct buf *b, const cJSON *v, int depth, int style)
{
	if (scalar(v)) {
		print_scalar(b, v);
		return;
	}
	bool object = cJSON_IsObject(v);
	if (!v->child) {
		buf_adds(b, object ? "{}" : "[]");
		return;
	}
	bool flat = true;
	for (const cJSON *c = v->child; c; c = c->next)
		flat &= scalar(c);
	if (flat) {
		struct buf one = BUF_INIT;
		buf_addc(&one, object ? '{' : '[');
		for (const cJSON *c = v->child; c; c = c->next) {
			buf_adds(&one, c == v->child ? "" : ", ");
			if (object)
				print_key(&one, c->string);
			print_scalar(&one, c);
		}
		buf_addc(&one, object ? '}' : ']');
		size_t line = b->len;
		while (line && b->data[line - 1] != '\n')
			line--;
		bool fits = style == 1 ||
			    (style < 0 && (!object || b->len - line + one.len <=
							      RECORD_WIDTH));
		if (fits)
			buf_add(b, one.data, one.len);
		buf_release(&one);
		if (fits)
			return;
	}
	buf_addc(b, object ? '{' : '[');
	for (const cJSON *c = v->child; c; c = c->next) {
		buf_adds(b, c == v->child ? "\n" : ",\n");
		indent(b, depth + 1);
		if (object)
			print_key(b, c->string);
		print_value(b, c, depth + 1, -1);
	}
	buf_addc(b, '\n');
	indent(b, depth);
	buf_addc(b, object ? '}' : ']');
}

/* How the record's file has member's object or list: on the line of its
 * name ("name": {"vi": ...}), 1; on lines of their own, 0; -1 when it has
 * no such member (then an object of scalars is on one line when it fits,
 * a list of scalars always). */
static int layout_of(const struct record *r, const char *member)
{
	if (!r->old_text)
		return -1;
	struct buf key = BUF_INIT;
	buf_adds(&key, "\n  ");
	print_key(&key, member);
	const char *at = strstr(r->old_text, key.data);
	int style = -1;
	if (at && (at[key.len] == '{' || at[key.len] == '[')) {
		at += key.len;
		const char *end = strchr(at, '\n');
		size_t len = end ? (size_t)(end - at) : strlen(at);
		style = len > 1 ? 1 : 0;
	}
	buf_release(&key);
	return style;
}

/* Prints r->doc into r->text, noting the line each member starts on. */
static void print_record(struct record *r)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\n");
	int line = 2;
	r->nmembers = (size_t)cJSON_GetArraySize(r->doc);
	r->member_line = xcalloc(r->nmembers + 1, sizeof(int));
	size_t i = 0;
	for (const cJSON *c = r->doc->child; c; c = c->next, i++) {
		size_t start = b.len;
		r->member_line[i] = line;
		buf_adds(&b, "  ");
		print_key(&b, c->string);
		print_value(&b, c, 1, layout_of(r, c->string));
		buf_adds(&b, c->next ? ",\n" : "\n");
		for (size_t k2 = start; k2 < b.len; k2++)
			line += b.data[k2] == '\n';
	}
	buf_adds(&b, "}\n");
	r->text = buf_detach(&b, NULL);
}

/* The cell of what a message at line of r's new text is about, or 0:0. */
static struct cell cell_at_line(const struct record *r, int line)
{
	const cJSON *c = r->doc->child;
	const char *member = NULL;
	for (size_t i = 0; c && i < r->nmembers; i++, c = c->next)
		if (r->member_line[i] <= line)
			member = c->string;
	struct cell found = member ? cell_of(r, member) : (struct cell){0, 0};
	return found.row ? found : cell_of(r, "slug");
}

/* The members of r whose values change, "name, stars", in out. */
static void changes(const struct record *r, struct buf *out)
{
	for (const cJSON *c = r->doc->child; c; c = c->next) {
		const cJSON *was =
			cJSON_GetObjectItemCaseSensitive(r->old, c->string);
		if (!was || !cJSON_Compare(was, c, true))
			buf_printf(out, "%s%s", out->len ? ", " : "",
				   c->string);
	}
	for (const cJSON *c = r->old ? r->old->child : NULL; c; c = c->next)
		if (!cJSON_HasObjectItem(r->doc, c->string)) {
			buf_adds(out, out->len ? ", " : "");
			/* TRANSLATORS: a field of a record that an import
			 * takes away, in the list of those it changes. */
			buf_printf(out, _("%s (taken out)"), c->string);
		}
}

static bool changed(const struct record *r)
{
	return !r->old || !cJSON_Compare(r->old, r->doc, true);
}

/* ------------------------------------------------------------------ */
/* The check of the records as they would be */

/* Copies the tree src into dst as hard links, or copies where there are
 * none (folders made). */
static int link_tree(const char *src, const char *dst)
{
	if (mkdir(dst, 0755) < 0 && errno != EEXIST)
		return -1;
	DIR *d = opendir(src);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = 0;
	struct buf a = BUF_INIT, b = BUF_INIT;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		buf_reset(&a);
		buf_reset(&b);
		buf_printf(&a, "%s/%s", src, e->d_name);
		buf_printf(&b, "%s/%s", dst, e->d_name);
		struct stat st;
		if (lstat(a.data, &st) < 0)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = link_tree(a.data, b.data);
		else if (S_ISREG(st.st_mode))
			rc = fs_link_or_copy(a.data, b.data, strlen(b.data));
		/* Links are left out: load refuses them anyway. */
	}
	buf_release(&a);
	buf_release(&b);
	closedir(d);
	return rc;
}

/* Loads and validates a copy of content/ holding the records as they
 * would be; its problems go to d, those of a record of the import at the
 * cell that made the line. Returns 0, or -1 when there are errors (or the
 * copy cannot be made). */
static int check_as_if(struct importer *im)
{
	struct buf top = BUF_INIT, path = BUF_INIT;
	buf_printf(&top, "%s" CHECK_PREFIX "%ld.XXXXXX",
		   *im->display ? im->display : "./", (long)getpid());
	int rc = -1;
	if (!mkdtemp(top.data)) {
		fprintf(stderr, _("ocopgen: cannot make %s: %s\n"), top.data,
			strerror(errno));
		buf_release(&top);
		return -1;
	}
	buf_printf(&path, "%scontent", im->display);
	struct buf copy = BUF_INIT;
	buf_printf(&copy, "%s/content", top.data);
	if (link_tree(path.data, copy.data) < 0) {
		fprintf(stderr,
			_("ocopgen: cannot make a copy of content/ to check "
			  "the import in (%s): %s\n"),
			top.data, strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < im->nrecs; i++) {
		struct record *r = &im->recs[i];
		if (!changed(r))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/content/%s/%s/%s", top.data, r->section,
			   r->id, r->record);
		/* A new file in place of the link: content/ is not touched. */
		unlink(path.data);
		size_t from = strlen(top.data) + 1;
		if (fs_write_new(path.data, from, r->text, strlen(r->text)) <
		    0) {
			fprintf(stderr, _("ocopgen: cannot write %s: %s\n"),
				path.data, strerror(errno));
			goto done;
		}
	}
	struct model m = {0};
	m.today = im->m->today;
	struct diag d;
	diag_init(&d);
	load_content(&m, top.data, im->display, im->o->threads, &d);
	if (m.site.nlangs)
		validate_model(&m, &d);
	for (size_t i = 0; i < d.n; i++) {
		const struct diag_entry *e = &d.items[i];
		if (e->level != DIAG_ERROR)
			continue;
		struct record *r = NULL;
		for (size_t k = 0; k < im->nrecs && !r; k++)
			if (!strcmp(im->recs[k].path, e->path) &&
			    changed(&im->recs[k]))
				r = &im->recs[k];
		if (!r) {
			diag_error(im->d, pos_line(e->path, e->line, e->col),
				   "%s (after the import)", e->msg);
			continue;
		}
		struct cell c = cell_at_line(r, e->line);
		diag_error(im->d, at(im, c), "%s/%s/%s: %s", r->section, r->id,
			   r->record, e->msg);
	}
	rc = diag_error_count(&d) ? -1 : 0;
	diag_release(&d);
	model_release(&m);
done:
	fs_remove_tree(top.data, NULL);
	buf_release(&copy);
	buf_release(&top);
	buf_release(&path);
	return rc;
}

/* ------------------------------------------------------------------ */

/* The export column a header cell names (the old name "district" is
 * "area", read for one version), or COLUMNS when it names none. */
static int column_named(const char *name)
{
	int k = 0;
	while (k < COLUMNS && strcmp(exports_columns[k], name))
		k++;
	return k == COLUMNS && !strcmp(name, "district") ? COL_AREA : k;
}

/* Maps the first row's names to columns, reporting those it does not
 * know (the others are still read, so that every problem is told at
 * once). Returns false when there is no column named slug. */
static bool read_header(struct importer *im, const struct sheet *s)
{
	for (int c = 0; c < COLUMNS; c++)
		im->column[c] = -1;
	const struct sheet_row *h = s->nrows ? &s->rows[0] : NULL;
	/* A first row that names no column of products.csv, in a workbook
	 * of several sheets: the products are likely in another. */
	bool known = false;
	for (size_t i = 0; h && i < h->ncells && !known; i++) {
		char *name = cell_text(h, (int)i);
		known = column_named(name) < COLUMNS;
		free(name);
	}
	if (!known && s->nothers) {
		struct buf others = BUF_INIT;
		text_quoted_choices(&others, (const char *const *)s->others,
				    s->nothers);
		const char *name = s->name ? s->name : "";
		if (h)
			diag_error(im->d, pos_cell(im->show, h->number, 1),
				   /* TRANSLATORS: the name of the sheet read,
				    * then those of the others: "Sheet2", or
				    * "Sheet2", "Sheet3" or "Sheet4". */
				   "no column \"slug\" in the sheet \"%s\", "
				   "the first of the workbook, which is the "
				   "only one ocopgen reads: if the products "
				   "are in %s, move that sheet first (drag its "
				   "tab to the far left), save, and import "
				   "again",
				   name, others.data);
		else
			diag_error(im->d, pos_file(im->show),
				   /* TRANSLATORS: the name of the sheet read,
				    * then those of the others: "Sheet2", or
				    * "Sheet2", "Sheet3" or "Sheet4". */
				   "the sheet \"%s\" is empty; it is the first "
				   "of the workbook, the only one ocopgen "
				   "reads: if the products are in %s, move "
				   "that sheet first (drag its tab to the far "
				   "left), save, and import again",
				   name, others.data);
		buf_release(&others);
		return false;
	}
	if (!h) {
		diag_error(im->d, pos_file(im->show),
			   "the spreadsheet is empty: its first row names "
			   "the columns, as in products.csv");
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < h->ncells; i++) {
		char *name = cell_text(h, (int)i);
		struct cell c = {h->number, (int)i + 1};
		int k = column_named(name);
		if (!strcmp(name, "district"))
			diag_warning(im->d, at(im, c),
				     "the column \"district\" is now "
				     "\"area\": rename it (the next version "
				     "of ocopgen will not read \"district\")");
		/* A column of earlier exports that import never read. */
		if (k == COLUMNS && !strcmp(name, "certificate_expired")) {
			diag_warning(im->d, at(im, c),
				     "the column \"certificate_expired\" is "
				     "now \"certificate_status\", made by "
				     "ocopgen; it is not read");
			free(name);
			continue;
		}
		if (!*name) {
			free(name);
			continue;
		}
		if (k == COLUMNS) {
			const char *near =
				text_nearest(name, exports_columns, COLUMNS,
					     text_name_in_array);
			if (near)
				diag_error(im->d, at(im, c),
					   "unknown column \"%s\" (did you "
					   "mean \"%s\"?): the columns are "
					   "those of products.csv",
					   name, near);
			else
				diag_error(im->d, at(im, c),
					   "unknown column \"%s\": the columns "
					   "are those of products.csv",
					   name);
		} else if (im->column[k] >= 0) {
			diag_error(im->d, at(im, c),
				   "the column \"%s\" is there twice", name);
		} else {
			im->column[k] = (int)i;
		}
		free(name);
	}
	if (ok && im->column[COL_SLUG] < 0) {
		diag_error(im->d, pos_cell(im->show, h->number, 1),
			   "no column \"slug\": it names each row's product");
		ok = false;
	}
	return ok;
}

/* Writes the records that change, all or none (journal.h). Returns 0, or
 * -1 after saying why nothing was written. */
static int write_records(struct importer *im)
{
	struct journal_file *files = xcalloc(im->nrecs + 1, sizeof(*files));
	char **folders = xcalloc(im->nrecs + 1, sizeof(*folders));
	struct buf dir = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < im->nrecs; i++) {
		struct record *r = &im->recs[i];
		if (!changed(r))
			continue;
		/* Paths from the site's folder: the journal's, whatever the
		 * working folder of the run that finishes it. */
		const char *rel = r->path + strlen(im->display);
		buf_reset(&dir);
		buf_printf(&dir, "content/%s/%s", r->section, r->id);
		folders[n] = xstrdup(dir.data);
		buf_reset(&dir);
		buf_printf(&dir, "%s%s", im->display, folders[n]);
		struct stat st;
		bool exists = stat(dir.data, &st) == 0;
		files[n] =
			(struct journal_file){rel, exists ? NULL : folders[n],
					      r->text, strlen(r->text)};
		n++;
	}
	int rc = journal_replace(im->o->dir, files, n);
	if (rc < 0)
		fprintf(stderr,
			_("ocopgen: cannot write the records (%s); nothing was "
			  "written\n"),
			strerror(errno));
	for (size_t i = 0; i < n; i++)
		free(folders[i]);
	free(folders);
	free(files);
	buf_release(&dir);
	return rc;
}

int import_recover(const char *dir, const char *display)
{
	int done = journal_recover(dir);
	if (done < 0 && *display) {
		fprintf(stderr,
			/* TRANSLATORS: %s is the site's folder, then why it
			 * cannot be written. */
			_("ocopgen: cannot finish the import that an earlier "
			  "run left half-done in %s (%s); make the folder "
			  "writable, then run again\n"),
			display, strerror(errno));
		return -1;
	}
	if (done < 0) {
		fprintf(stderr,
			_("ocopgen: cannot finish the import that an earlier "
			  "run left half-done in this folder (%s); make the "
			  "folder writable, then run again\n"),
			strerror(errno));
		return -1;
	}
	if (done == 1)
		fprintf(stderr,
			_("ocopgen: an import was stopped after it had "
			  "decided its changes; they are now written\n"));
	else if (done == 2)
		fprintf(stderr, _("ocopgen: an import was stopped before it "
				  "had written anything; it was undone\n"));
	/* The check copies of imports no longer running. */
	DIR *dp = opendir(dir);
	struct dirent *e;
	struct buf path = BUF_INIT;
	while (dp && (e = readdir(dp))) {
		size_t plen = strlen(CHECK_PREFIX);
		if (strncmp(e->d_name, CHECK_PREFIX, plen))
			continue;
		long pid = strtol(e->d_name + plen, NULL, 10);
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, e->d_name);
		fs_remove_tree(path.data, NULL);
	}
	if (dp)
		closedir(dp);
	buf_release(&path);
	return 0;
}

int import_run(const struct import_opts *o)
{
	struct diag d;
	diag_init(&d);
	struct model m = {0};
	struct buf display = BUF_INIT;
	if (strcmp(o->dir, "."))
		buf_printf(&display, "%s/", o->dir);
	struct importer im = {
		.o = o,
		.d = &d,
		.m = &m,
		.display = display.data ? display.data : "",
		.show = o->file,
	};
	struct sheet s = {0};
	int status = EXIT_CONTENT;
	if (build_reference_day(&m.today) < 0)
		goto done;
	if (import_recover(o->dir, im.display) < 0) {
		status = EXIT_OUTPUT;
		goto done;
	}
	/* The content as it is must be sound: the import's problems are then
	 * the sheet's. */
	if (load_content(&m, o->dir, im.display, o->threads, &d) < 0 ||
	    !m.site.nlangs || validate_model(&m, &d) < 0) {
		diag_print(&d, stderr, DIAG_QUIET);
		fprintf(stderr,
			_("ocopgen: the content has errors: correct them "
			  "first (ocopgen check), then import\n"));
		goto done;
	}
	if (m.site.as_of.year)
		m.today = m.site.as_of;
	im.product_rec = xcalloc(m.nproducts + 1, sizeof(size_t));
	im.producer_rec = xcalloc(m.nproducers + 1, sizeof(size_t));
	diag_release(&d);
	diag_init(&d);
	if (o->lang) {
		while (im.lang < m.site.nlangs &&
		       strcmp(m.site.langs[im.lang], o->lang))
			im.lang++;
		if (im.lang == m.site.nlangs) {
			fprintf(stderr,
				_("ocopgen: \"%s\" is not a language of the "
				  "site\n"),
				o->lang);
			status = EXIT_USAGE;
			goto done;
		}
	}
	im.sheet = &s;
	if (sheet_read(&s, o->file, o->file, &d) < 0 || !read_header(&im, &s))
		goto report;
	for (size_t i = 1; i < s.nrows; i++)
		import_row(&im, &s.rows[i]);
	for (size_t i = 0; i < im.nrecs; i++)
		print_record(&im.recs[i]);
	/* The content as it is passed; only records that change can fail. */
	bool any = false;
	for (size_t i = 0; i < im.nrecs; i++)
		any |= changed(&im.recs[i]);
	if (!diag_error_count(&d) && any && check_as_if(&im) < 0 &&
	    !diag_error_count(&d)) {
		/* Not checked is not written. */
		fprintf(stderr, _("ocopgen: the import could not be checked; "
				  "nothing was written\n"));
		status = EXIT_OUTPUT;
		goto done;
	}
report:
	/* The sheet's problems, its warnings too (a column of an old name). */
	diag_print(&d, stderr, 0);
	if (diag_error_count(&d)) {
		fprintf(stderr,
			P_("ocopgen: %zu error; nothing was written\n",
			   "ocopgen: %zu errors; nothing was written\n",
			   d.errors),
			d.errors);
		goto done;
	}
	if (!o->dry_run && write_records(&im) < 0) {
		status = EXIT_OUTPUT;
		goto done;
	}
	/* Said once it is so: each record written, or that would be. */
	size_t nchanged = 0;
	for (size_t i = 0; i < im.nrecs; i++) {
		struct record *r = &im.recs[i];
		if (!changed(r))
			continue;
		nchanged++;
		struct buf what = BUF_INIT;
		changes(r, &what);
		if (o->dry_run && r->old)
			/* TRANSLATORS: %s is a record's file, then the
			 * fields that would change in it ("name, stars"). */
			fprintf(stderr, _("ocopgen: would update %s: %s\n"),
				r->path, what.data);
		else if (o->dry_run)
			fprintf(stderr, _("ocopgen: would create %s\n"),
				r->path);
		else if (r->old)
			/* TRANSLATORS: %s is a record's file, then the
			 * fields that changed in it ("name, stars"). */
			fprintf(stderr, _("ocopgen: updated %s: %s\n"), r->path,
				what.data);
		else
			fprintf(stderr, _("ocopgen: created %s\n"), r->path);
		buf_release(&what);
	}
	status = EXIT_OK;
	/* The summary: three counts, each with its own plural. */
	size_t nrows = s.nrows ? s.nrows - 1 : 0, nsame = im.nrecs - nchanged;
	struct buf rows = BUF_INIT, recs = BUF_INIT, same = BUF_INIT;
	/* TRANSLATORS: the first part of an import's summary, "ocopgen: 12
	 * rows, 3 records changed, 9 as they were": the rows of the sheet
	 * read. */
	buf_printf(&rows, P_("%zu row", "%zu rows", nrows), nrows);
	if (o->dry_run)
		buf_printf(&recs,
			   /* TRANSLATORS: the second part of the summary of an
			    * import run with --dry-run: the records it would
			    * change. */
			   P_("%zu record would change (nothing written: "
			      "--dry-run)",
			      "%zu records would change (nothing written: "
			      "--dry-run)",
			      nchanged),
			   nchanged);
	else
		buf_printf(&recs,
			   /* TRANSLATORS: the second part of an import's
			    * summary: the records it changed. */
			   P_("%zu record changed", "%zu records changed",
			      nchanged),
			   nchanged);
	/* TRANSLATORS: the last part of an import's summary: the records
	 * of the sheet that it left as they were. */
	buf_printf(&same, P_("%zu as it was", "%zu as they were", nsame),
		   nsame);
	/* TRANSLATORS: an import's summary: the rows read, the records
	 * changed, the records left as they were ("ocopgen: 12 rows, 3
	 * records changed, 9 as they were"). */
	fprintf(stderr, _("ocopgen: %s, %s, %s\n"), rows.data, recs.data,
		same.data);
	buf_release(&rows);
	buf_release(&recs);
	buf_release(&same);
done:
	for (size_t i = 0; i < im.nrecs; i++) {
		struct record *r = &im.recs[i];
		free(r->id);
		free(r->path);
		free(r->old_text);
		cJSON_Delete(r->old);
		cJSON_Delete(r->doc);
		free(r->set);
		free(r->text);
		free(r->member_line);
	}
	free(im.recs);
	free(im.product_rec);
	free(im.producer_rec);
	free(im.fresh);
	for (size_t i = 0;
	     im.folded_producers && i < m.nproducers * m.site.nlangs; i++)
		free(im.folded_producers[i]);
	free(im.folded_producers);
	sheet_release(&s);
	model_release(&m);
	diag_release(&d);
	buf_release(&display);
	return status;
}
