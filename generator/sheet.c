/* Spreadsheets read as rows of text cells. */
#include "sheet.h"

#include <csv.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "buf.h"
#include "text.h"
#include "util.h"

/* What set_cell and add_row say when a sheet is too large. */
enum { TOO_MANY = -1, TOO_MUCH_TEXT = -2 };

/* Sets cell col of the row being read (adding empty cells before it).
 * Returns 0, TOO_MANY columns, or TOO_MUCH_TEXT in all. */
static int set_cell(struct sheet *s, size_t col, const char *text, size_t len)
{
	struct sheet_row *r = &s->rows[s->nrows - 1];
	if (col >= SHEET_MAX_COLUMNS)
		return TOO_MANY;
	if (col >= r->ncells) {
		r->cells = xreallocarray(r->cells, col + 1, sizeof(*r->cells));
		for (size_t i = r->ncells; i <= col; i++)
			r->cells[i] = NULL;
		r->ncells = col + 1;
	}
	if (len > SHEET_MAX_TEXT - s->text)
		return TOO_MUCH_TEXT;
	s->text += len;
	free(r->cells[col]);
	r->cells[col] = xmalloc(len + 1);
	memcpy(r->cells[col], text, len);
	r->cells[col][len] = '\0';
	return 0;
}

/* Reports a sheet too large (why: TOO_MANY or TOO_MUCH_TEXT) at the row
 * and column (from 1) where reading stopped. Returns -1. */
static int too_large(struct diag *d, const char *show, int why, int row,
		     size_t col)
{
	if (why == TOO_MUCH_TEXT)
		return diag_error(
			d, pos_cell(show, row, (int)(col ? col : 1)),
			"too large: the cells hold more than %u MB of text in "
			"all (one long text repeated in many cells?); at most "
			"%u MB is read",
			SHEET_MAX_TEXT >> 20, SHEET_MAX_TEXT >> 20);
	return diag_error(d, pos_cell(show, row, 1),
			  "too large: a spreadsheet of at most %d rows and "
			  "%d columns is read",
			  SHEET_MAX_ROWS, SHEET_MAX_COLUMNS);
}

/* Starts row number (from 1). */
static int add_row(struct sheet *s, int number, size_t *cap)
{
	if (s->nrows >= SHEET_MAX_ROWS)
		return -1;
	XGROW(s->rows, s->nrows, *cap);
	s->rows[s->nrows++] = (struct sheet_row){.number = number};
	return 0;
}

/* Fills the empty cells with "", checks and normalizes the text; drops
 * rows with no text at all. Returns 0, or -1 after reporting a cell that
 * is not UTF-8. */
static int finish(struct sheet *s, const char *show, struct diag *d)
{
	size_t out = 0;
	int rc = 0;
	for (size_t i = 0; i < s->nrows; i++) {
		struct sheet_row *r = &s->rows[i];
		bool any = false;
		for (size_t c = 0; c < r->ncells; c++) {
			if (!r->cells[c]) {
				r->cells[c] = xstrdup("");
				continue;
			}
			size_t len = strlen(r->cells[c]), bad;
			if (!text_utf8_valid(r->cells[c], len, &bad)) {
				diag_error(
					d,
					pos_cell(show, r->number, (int)c + 1),
					"invalid UTF-8 byte 0x%02x: save the "
					"file as \"CSV UTF-8\"",
					(unsigned char)r->cells[c][bad]);
				rc = -1;
				continue;
			}
			char *nfc = text_nfc(r->cells[c], len);
			free(r->cells[c]);
			r->cells[c] = nfc;
			any |= *nfc != '\0';
		}
		if (any)
			s->rows[out++] = *r;
		else {
			for (size_t c = 0; c < r->ncells; c++)
				free(r->cells[c]);
			free(r->cells);
		}
	}
	s->nrows = out;
	return rc;
}

/* ------------------------------------------------------------------ */
/* CSV */

struct csv_state {
	struct sheet *s;
	size_t cap, col;
	int row;
	int failed; /* 0, TOO_MANY or TOO_MUCH_TEXT */
};

static void csv_field(void *data, size_t len, void *ctx)
{
	struct csv_state *c = ctx;
	if (c->failed)
		return;
	if (c->col == 0 && add_row(c->s, c->row, &c->cap) < 0) {
		c->failed = TOO_MANY;
		return;
	}
	c->failed = set_cell(c->s, c->col++, data ? data : "", data ? len : 0);
}

static void csv_end(int ch, void *ctx)
{
	(void)ch;
	struct csv_state *c = ctx;
	c->col = 0;
	c->row++;
}

/* The separator of the first line: a semicolon when it has more of them
 * than commas (outside quotes). */
static unsigned char csv_separator(const char *text, size_t len)
{
	size_t commas = 0, semicolons = 0;
	bool quoted = false;
	for (size_t i = 0; i < len && (quoted || text[i] != '\n'); i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (!quoted && text[i] == ',')
			commas++;
		else if (!quoted && text[i] == ';')
			semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

static int read_csv(struct sheet *s, const struct buf *b, const char *show,
		    struct diag *d)
{
	const char *text = b->data ? b->data : "";
	size_t len = b->len;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		die_oom();
	csv_set_delim(&p, csv_separator(text, len));
	struct csv_state c = {.s = s, .row = 1};
	int rc = 0;
	if (csv_parse(&p, text, len, csv_field, csv_end, &c) != len ||
	    csv_fini(&p, csv_field, csv_end, &c) != 0) {
		diag_error(d, pos_cell(show, c.row, 1),
			   "cannot read this CSV file: %s",
			   csv_strerror(csv_error(&p)));
		rc = -1;
	} else if (c.failed) {
		too_large(d, show, c.failed, c.row, c.col);
		rc = -1;
	}
	csv_free(&p);
	return rc;
}

/* ------------------------------------------------------------------ */
/* XLSX */

/* A part of the .xlsx archive, parsed; NULL when it is not there (or,
 * with *bad set, cannot be read). */
static xmlDoc *read_part(zip_t *z, const char *name, bool *bad)
{
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st) < 0)
		return NULL;
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > SHEET_MAX_BYTES) {
		*bad = true;
		return NULL;
	}
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f) {
		*bad = true;
		return NULL;
	}
	char *data = xmalloc(st.size + 1);
	zip_int64_t n = zip_fread(f, data, st.size);
	zip_fclose(f);
	xmlDoc *doc = NULL;
	if (n == (zip_int64_t)st.size)
		doc = xmlReadMemory(data, (int)n, name, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);
	free(data);
	if (!doc)
		*bad = true;
	return doc;
}

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (named(c, name))
			return c;
	return NULL;
}

/* The text of every <t> below n, joined: a shared string's runs. */
static void add_texts(struct buf *b, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (named(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);
			if (t)
				buf_adds(b, (const char *)t);
			xmlFree(t);
		} else if (c->type == XML_ELEMENT_NODE && !named(c, "rPh")) {
			add_texts(b, c); /* <r> runs; not phonetic hints */
		}
	}
}

struct xlsx {
	char **strings; /* shared */
	size_t nstrings;
	bool *date_style; /* [nstyles]: a cell style that shows a date */
	size_t nstyles;
};

static void read_strings(struct xlsx *x, xmlDoc *doc)
{
	const xmlNode *sst = xmlDocGetRootElement(doc);
	size_t cap = 0;
	for (const xmlNode *si = sst ? sst->children : NULL; si;
	     si = si->next) {
		if (!named(si, "si"))
			continue;
		struct buf b = BUF_INIT;
		add_texts(&b, si);
		XGROW(x->strings, x->nstrings, cap);
		x->strings[x->nstrings++] =
			b.data ? buf_detach(&b, NULL) : xstrdup("");
	}
}

/* True for a number format code that shows a date: one with d, m or y
 * outside quotes and brackets ("dd/mm/yyyy", "[$-42A]d/m/yyyy"). */
static bool date_format(const char *code)
{
	bool quoted = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == '[') {
			const char *end = strchr(p, ']');
			if (!end)
				break;
			p = end;
		} else if (!quoted && *p == '\\' && p[1])
			p++;
		else if (!quoted && strchr("dDmMyY", *p))
			return true;
	}
	return false;
}

static void read_styles(struct xlsx *x, xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	/* Custom formats: id -> date or not. */
	int custom[64];
	size_t ncustom = 0;
	for (const xmlNode *f = child(child(root, "numFmts"), "numFmt"); f;
	     f = f->next) {
		if (!named(f, "numFmt") || ncustom == ARRAY_SIZE(custom))
			continue;
		xmlChar *id = xmlGetProp(f, BAD_CAST "numFmtId");
		xmlChar *code = xmlGetProp(f, BAD_CAST "formatCode");
		if (id && code && date_format((const char *)code))
			custom[ncustom++] = atoi((const char *)id);
		xmlFree(id);
		xmlFree(code);
	}
	size_t cap = 0;
	for (const xmlNode *xf = child(child(root, "cellXfs"), "xf"); xf;
	     xf = xf->next) {
		if (!named(xf, "xf"))
			continue;
		xmlChar *id = xmlGetProp(xf, BAD_CAST "numFmtId");
		int n = id ? atoi((const char *)id) : 0;
		xmlFree(id);
		/* The built-in date formats: 14-17, 22, and 27-36 and 50-58
		 * of East Asian locales. */
		bool date = (n >= 14 && n <= 17) || n == 22 ||
			    (n >= 27 && n <= 36) || (n >= 50 && n <= 58);
		for (size_t i = 0; i < ncustom; i++)
			date |= custom[i] == n;
		XGROW(x->date_style, x->nstyles, cap);
		x->date_style[x->nstyles++] = date;
	}
}

/* A date serial of the 1900 date system (1 is 1900-01-01, counting
 * Lotus's 1900-02-29) as YYYY-MM-DD, in out. */
static void serial_date(double serial, char out[16])
{
	long days = (long)serial;
	/* Days from 1899-12-30 (serials from 61 on). */
	if (days < 61)
		days++;
	/* Civil from days, Howard Hinnant's algorithm, from 1970-01-01. */
	long z = days - 25569 + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 1 || y > 9999)
		y = 0; /* not a date a record takes: refused later */
	snprintf(out, 16, "%04d-%02d-%02d", (int)y, (int)m % 100, (int)d % 100);
}

/* A cell reference's column ("F14": 5) and row (14); -1 when ref has
 * none. */
static long ref_column(const char *ref)
{
	long col = 0;
	const char *p = ref;
	while (*p >= 'A' && *p <= 'Z' && col < 100000)
		col = col * 26 + (*p++ - 'A' + 1);
	return p == ref ? -1 : col - 1;
}

/* A cell reference "F14" at *p, as its column and row from 1, *p moved
 * past it; false when *p holds none (or one past the limits). */
static bool parse_ref(const char **p, int *col, int *row)
{
	long c = ref_column(*p);
	const char *q = *p;
	while (*q >= 'A' && *q <= 'Z')
		q++;
	long r = 0;
	const char *digits = q;
	while (*q >= '0' && *q <= '9' && r <= SHEET_MAX_ROWS * 100L)
		r = r * 10 + (*q++ - '0');
	if (c < 0 || c >= SHEET_MAX_COLUMNS || q == digits || r < 1 ||
	    r > SHEET_MAX_ROWS * 100L)
		return false;
	*col = (int)c + 1;
	*row = (int)r;
	*p = q;
	return true;
}

static int by_first_row(const void *a, const void *b)
{
	const struct sheet_range *x = a, *y = b;
	return x->row1 != y->row1 ? (x->row1 > y->row1) - (x->row1 < y->row1)
				  : (x->col1 > y->col1) - (x->col1 < y->col1);
}

/* The sheet's <mergeCells>: each "D2:D4" of more than one cell, up to
 * SHEET_MAX_MERGED, sorted by row. */
static void read_merged(struct sheet *s, xmlDoc *doc)
{
	const xmlNode *list = child(xmlDocGetRootElement(doc), "mergeCells");
	size_t cap = 0;
	for (const xmlNode *m = list ? list->children : NULL;
	     m && s->nmerged < SHEET_MAX_MERGED; m = m->next) {
		if (!named(m, "mergeCell"))
			continue;
		xmlChar *ref = xmlGetProp(m, BAD_CAST "ref");
		const char *p = (const char *)ref;
		struct sheet_range r;
		if (p && parse_ref(&p, &r.col1, &r.row1) && *p++ == ':' &&
		    parse_ref(&p, &r.col2, &r.row2) && !*p &&
		    r.row1 <= r.row2 && r.col1 <= r.col2 &&
		    (r.row1 < r.row2 || r.col1 < r.col2)) {
			XGROW(s->merged, s->nmerged, cap);
			s->merged[s->nmerged++] = r;
		}
		xmlFree(ref);
	}
	if (s->nmerged)
		qsort(s->merged, s->nmerged, sizeof(*s->merged), by_first_row);
}

static int read_rows(struct sheet *s, const struct xlsx *x, xmlDoc *doc)
{
	const xmlNode *data = child(xmlDocGetRootElement(doc), "sheetData");
	size_t cap = 0;
	int number = 0;
	for (const xmlNode *row = data ? data->children : NULL; row;
	     row = row->next) {
		if (!named(row, "row"))
			continue;
		xmlChar *r = xmlGetProp(row, BAD_CAST "r");
		number = r ? atoi((const char *)r) : number + 1;
		xmlFree(r);
		if (number < 1 || add_row(s, number, &cap) < 0)
			return -1;
		long next = 0;
		for (const xmlNode *c = row->children; c; c = c->next) {
			if (!named(c, "c"))
				continue;
			xmlChar *ref = xmlGetProp(c, BAD_CAST "r");
			xmlChar *type = xmlGetProp(c, BAD_CAST "t");
			xmlChar *style = xmlGetProp(c, BAD_CAST "s");
			long col = ref ? ref_column((const char *)ref) : next;
			if (col < 0)
				col = next;
			next = col + 1;
			const char *t = type ? (const char *)type : "n";
			struct buf text = BUF_INIT;
			const xmlNode *v = child(c, "v");
			xmlChar *value = v ? xmlNodeGetContent(v) : NULL;
			if (!strcmp(t, "inlineStr")) {
				const xmlNode *is = child(c, "is");
				if (is)
					add_texts(&text, is);
			} else if (!strcmp(t, "s") && value) {
				long i = atol((const char *)value);
				if (i >= 0 && (size_t)i < x->nstrings)
					buf_adds(&text, x->strings[i]);
			} else if (!strcmp(t, "b") && value) {
				buf_adds(&text, atoi((const char *)value)
							? "TRUE"
							: "FALSE");
			} else if (value) {
				long st = style ? atol((const char *)style) : 0;
				char day[16];
				if (!strcmp(t, "n") && st >= 0 &&
				    (size_t)st < x->nstyles &&
				    x->date_style[st]) {
					serial_date(strtod((const char *)value,
							   NULL),
						    day);
					buf_adds(&text, day);
				} else {
					buf_adds(&text, (const char *)value);
				}
			}
			xmlFree(value);
			xmlFree(ref);
			xmlFree(type);
			xmlFree(style);
			int rc = set_cell(s, (size_t)col,
					  text.data ? text.data : "", text.len);
			buf_release(&text);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* The path in the archive of the workbook's first sheet; its name and
 * those of the others in s. */
static char *first_sheet(zip_t *z, struct sheet *s, bool *bad)
{
	xmlDoc *wb = read_part(z, "xl/workbook.xml", bad);
	xmlDoc *rels = read_part(z, "xl/_rels/workbook.xml.rels", bad);
	char *path = NULL;
	const xmlNode *sheet =
		child(child(xmlDocGetRootElement(wb), "sheets"), "sheet");
	size_t cap = 0;
	for (const xmlNode *n = sheet; n; n = n->next) {
		if (!named(n, "sheet"))
			continue;
		xmlChar *name = xmlGetProp(n, BAD_CAST "name");
		if (n == sheet && name)
			s->name = xstrdup((const char *)name);
		else if (n != sheet && s->nothers < SHEET_MAX_SHEETS) {
			XGROW(s->others, s->nothers, cap);
			s->others[s->nothers++] =
				xstrdup(name ? (const char *)name : "");
		}
		xmlFree(name);
	}
	xmlChar *id = NULL;
	for (const xmlAttr *a = sheet ? sheet->properties : NULL; a;
	     a = a->next)
		if (!strcmp((const char *)a->name, "id"))
			id = xmlNodeGetContent((xmlNode *)a);
	const xmlNode *root = rels ? xmlDocGetRootElement(rels) : NULL;
	for (const xmlNode *r = root ? root->children : NULL; id && r;
	     r = r->next) {
		if (!named(r, "Relationship"))
			continue;
		xmlChar *rid = xmlGetProp(r, BAD_CAST "Id");
		xmlChar *target = xmlGetProp(r, BAD_CAST "Target");
		if (rid && target && !strcmp((char *)rid, (char *)id) &&
		    !path) {
			const char *t = (const char *)target;
			struct buf b = BUF_INIT;
			if (t[0] == '/')
				buf_adds(&b, t + 1);
			else
				buf_printf(&b, "xl/%s", t);
			path = buf_detach(&b, NULL);
		}
		xmlFree(rid);
		xmlFree(target);
	}
	xmlFree(id);
	xmlFreeDoc(wb);
	xmlFreeDoc(rels);
	return path ? path : xstrdup("xl/worksheets/sheet1.xml");
}

static int read_xlsx(struct sheet *s, const struct buf *b, const char *show,
		     struct diag *d)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(b->data, b->len, 0, &err);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	zip_error_fini(&err);
	if (!z) {
		zip_source_free(src);
		return diag_error(d, pos_file(show),
				  "not an .xlsx file (it is not a zip "
				  "archive): save it from the spreadsheet as "
				  "\"Excel Workbook (.xlsx)\"");
	}
	bool bad = false;
	struct xlsx x = {0};
	xmlDoc *strings = read_part(z, "xl/sharedStrings.xml", &bad);
	if (strings)
		read_strings(&x, strings);
	xmlFreeDoc(strings);
	xmlDoc *styles = read_part(z, "xl/styles.xml", &bad);
	if (styles)
		read_styles(&x, styles);
	xmlFreeDoc(styles);
	char *sheet = first_sheet(z, s, &bad);
	xmlDoc *doc = read_part(z, sheet, &bad);
	int rc = 0;
	if (!doc || bad)
		rc = diag_error(d, pos_file(show),
				"cannot read this .xlsx file: a part of it is "
				"missing, too large or not XML");
	else if ((rc = read_rows(s, &x, doc)) < 0)
		rc = too_large(d, show, rc,
			       s->nrows ? s->rows[s->nrows - 1].number : 1,
			       s->nrows ? s->rows[s->nrows - 1].ncells : 1);
	else
		read_merged(s, doc);
	xmlFreeDoc(doc);
	free(sheet);
	for (size_t i = 0; i < x.nstrings; i++)
		free(x.strings[i]);
	free(x.strings);
	free(x.date_style);
	zip_discard(z);
	return rc;
}

/* ------------------------------------------------------------------ */

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && !strcasecmp(s + n - m, end);
}

int sheet_parse(struct sheet *s, const char *name, const struct buf *b,
		const char *show, struct diag *d)
{
	memset(s, 0, sizeof(*s));
	int rc;
	if (!ends_with(name, ".xlsx") && !ends_with(name, ".csv"))
		rc = diag_error(d, pos_folder(show),
				"not a spreadsheet ocopgen reads: give an "
				".xlsx or a .csv file");
	else if (b->len > SHEET_MAX_BYTES)
		rc = diag_error(d, pos_file(show),
				"too large: at most %u MB is read",
				SHEET_MAX_BYTES >> 20);
	else if (ends_with(name, ".xlsx"))
		rc = read_xlsx(s, b, show, d);
	else
		rc = read_csv(s, b, show, d);
	if (rc == 0)
		rc = finish(s, show, d);
	if (rc < 0)
		sheet_release(s);
	return rc;
}

int sheet_read(struct sheet *s, const char *path, const char *show,
	       struct diag *d)
{
	memset(s, 0, sizeof(*s));
	bool known = ends_with(path, ".xlsx") || ends_with(path, ".csv");
	struct buf b = BUF_INIT;
	int rc;
	if (known && buf_read_file(&b, path) < 0)
		rc = diag_error_errno(d, pos_folder(show), errno,
				      "cannot read");
	else
		rc = sheet_parse(s, path, &b, show, d);
	buf_release(&b);
	return rc;
}

void sheet_release(struct sheet *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		for (size_t c = 0; c < s->rows[i].ncells; c++)
			free(s->rows[i].cells[c]);
		free(s->rows[i].cells);
	}
	free(s->rows);
	free(s->merged);
	free(s->name);
	for (size_t i = 0; i < s->nothers; i++)
		free(s->others[i]);
	free(s->others);
	memset(s, 0, sizeof(*s));
}

const char *sheet_cell(const struct sheet *s, int row, int col)
{
	/* Rows are in order (a file whose rows are not finds none). */
	size_t lo = 0, hi = s->nrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->rows[mid].number < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->nrows || s->rows[lo].number != row || col < 1 ||
	    (size_t)col > s->rows[lo].ncells)
		return "";
	return s->rows[lo].cells[col - 1];
}

const struct sheet_range *sheet_merged_at(const struct sheet *s, int row,
					  int col)
{
	for (size_t i = 0; i < s->nmerged && s->merged[i].row1 <= row; i++) {
		const struct sheet_range *r = &s->merged[i];
		if (row <= r->row2 && col >= r->col1 && col <= r->col2 &&
		    (row != r->row1 || col != r->col1))
			return r;
	}
	return NULL;
}
