/* One JSON record: cJSON's tree plus the position of every node in it. */
#include "json.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "limit.h"
#include "util.h"

struct json_loc {
	const cJSON *node; /* NULL for an empty slot */
	size_t key_off, val_off;
	bool has_key;
};

static size_t hash_ptr(const void *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static struct json_loc *loc_slot(struct json_loc *locs, size_t cap,
				 const cJSON *node)
{
	size_t i = hash_ptr(node) & (cap - 1);
	while (locs[i].node && locs[i].node != node)
		i = (i + 1) & (cap - 1);
	return &locs[i];
}

static struct json_loc *loc_add(struct json_doc *doc, const cJSON *node)
{
	if ((doc->nlocs + 1) * 2 > doc->cap) {
		size_t cap = doc->cap ? doc->cap * 2 : 64;
		struct json_loc *locs = xcalloc(cap, sizeof(*locs));
		for (size_t i = 0; i < doc->cap; i++)
			if (doc->locs[i].node)
				*loc_slot(locs, cap, doc->locs[i].node) =
					doc->locs[i];
		free(doc->locs);
		doc->locs = locs;
		doc->cap = cap;
	}
	struct json_loc *l = loc_slot(doc->locs, doc->cap, node);
	if (!l->node) {
		l->node = node;
		doc->nlocs++;
	}
	return l;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

/* Walks the text of a value that cJSON has already parsed, in step with
 * its tree, recording where each node starts. */
static size_t locate(struct json_doc *doc, const cJSON *node, size_t i)
{
	const char *s = doc->src.data;
	size_t len = doc->src.len;
	i = skip_ws(s, len, i);
	if (i >= len || !node)
		return len;
	loc_add(doc, node)->val_off = i;
	if (s[i] == '{' || s[i] == '[') {
		bool object = s[i] == '{';
		char close = object ? '}' : ']';
		const cJSON *child = node->child;
		i++;
		for (;;) {
			i = skip_ws(s, len, i);
			if (i >= len || s[i] == close || !child)
				return i + 1;
			size_t key_off = i;
			if (object) {
				i = skip_string(s, len, i);
				i = skip_ws(s, len, i);
				i++; /* ':' */
			}
			i = locate(doc, child, i);
			if (object) {
				struct json_loc *l = loc_add(doc, child);
				l->key_off = key_off;
				l->has_key = true;
			}
			i = skip_ws(s, len, i);
			if (i < len && s[i] == ',')
				i++;
			child = child->next;
		}
	}
	if (s[i] == '"')
		return skip_string(s, len, i);
	while (i < len && !strchr(",]} \t\r\n", s[i]))
		i++;
	return i;
}

static struct pos pos_at(const struct json_doc *doc, size_t off)
{
	struct pos p = {doc->path, 1, 1, false};
	text_lines_locate(&doc->lines, off, &p.line, &p.col);
	/* Editors do not count a byte-order mark as a character. */
	if (p.line == 1 && p.col > 1 && doc->src.len >= 3 &&
	    !memcmp(doc->src.data, "\xEF\xBB\xBF", 3))
		p.col--;
	return p;
}

/* The number of lists and objects open at off, outside strings; sets
 * *innermost, when not NULL, to the '[' or '{' of the innermost ('\0' at
 * the top). */
static size_t brackets_open(const char *s, size_t off, char *innermost)
{
	char stack[CJSON_NESTING_LIMIT + 1];
	size_t depth = 0;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '"') {
			for (i++; i < off && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
		} else if (s[i] == '[' || s[i] == '{') {
			stack[depth < CJSON_NESTING_LIMIT
				      ? depth
				      : CJSON_NESTING_LIMIT] = s[i];
			depth++;
		} else if ((s[i] == ']' || s[i] == '}') && depth) {
			depth--;
		}
	}
	if (innermost)
		*innermost = !depth ? '\0'
				    : stack[depth - 1 < CJSON_NESTING_LIMIT
						    ? depth - 1
						    : CJSON_NESTING_LIMIT];
	return depth;
}

/* The innermost '[' or '{' open at off, outside strings; '\0' at the top. */
static char open_bracket(const char *s, size_t off)
{
	char c;
	brackets_open(s, off, &c);
	return c;
}

/* cJSON reports a string it could not start one byte too far: past the '}'
 * that follows a trailing comma in an object, past the opening quote of a
 * string that never ends, past whatever stands where a member's name
 * should start (the "000" of "min": 120,000, a curly quote). Moves such an
 * offset to where the problem is. */
static size_t error_offset(const char *s, size_t len, size_t off)
{
	if (off == 0 || off > len)
		return off;
	/* A comment: cJSON stops on its second character. */
	if (off < len && s[off - 1] == '/' && (s[off] == '/' || s[off] == '*'))
		return off - 1;
	if (s[off - 1] == '}') {
		size_t j = off - 1;
		while (j > 0 && strchr(" \t\r\n", s[j - 1]))
			j--;
		return j > 0 && s[j - 1] == ',' ? off - 1 : off;
	}
	if (s[off - 1] == '"') {
		size_t i = off;
		while (i < len && s[i] != '"')
			i += s[i] == '\\' ? 2 : 1;
		return i >= len ? len : off;
	}
	size_t j = off - 1;
	while (j > 0 && strchr(" \t\r\n", s[j - 1]))
		j--;
	if (j > 0 && (s[j - 1] == '{' || s[j - 1] == ',') &&
	    open_bracket(s, off - 1) == '{')
		return off - 1;
	return off;
}

/* JSON strings cannot hold a raw line break, but cJSON accepts one, so a
 * missing closing quote shows up further on, where the next quote starts
 * a new "string". Returns the offset of the first string before off that
 * runs over a line end, or off when there is none. */
static size_t unclosed_string(const char *s, size_t off)
{
	for (size_t i = 0; i < off; i++) {
		if (s[i] != '"')
			continue;
		size_t start = i;
		for (i++; i < off && s[i] != '"'; i++) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '\n')
				return start;
		}
	}
	return off;
}

/* Says what is wrong at a syntax error, from what surrounds it. */
static const char *syntax_hint(const char *s, size_t len, size_t off)
{
	size_t j = off;
	while (j > 0 && strchr(" \t\r\n", s[j - 1]))
		j--;
	char before = j > 0 ? s[j - 1] : '\0';
	char at = off < len ? s[off] : '\0';
	if (off >= len)
		return _("unexpected end of file: a closing quote, ']' or '}' "
			 "is missing");
	if ((at == '}' || at == ']') && before == ',')
		return _("a comma before a closing bracket is not allowed in "
			 "JSON; remove it");
	if (at == '"' && (before == '"' || before == '}' || before == ']' ||
			  (before >= '0' && before <= '9') || before == 'e' ||
			  before == 'l'))
		return _("missing comma between two values");
	if (at == '\'')
		return _("strings must be in double quotes");
	if (at == '/')
		return _("comments are not allowed in JSON");
	return _("syntax error: this is not valid JSON here");
}

/* How a number written with separators between its groups of digits
 * reads in JSON. */
enum number_form {
	NUMBER_OTHER,	      /* not a number, or not one of those */
	NUMBER_PLAIN,	      /* digits, with at most a decimal point */
	NUMBER_THOUSANDS,     /* "120,000", "120.000.000", "1.234,5" */
	NUMBER_DECIMAL_COMMA, /* "75,5" */
};

enum { NUMBER_GROUPS = 16 };

/* Reads s[0..n) as a number whose groups of digits dots or commas
 * separate, as Vietnamese writes them: thousands when every group but the
 * first has three digits ("120.000" is 120000; a different last mark, if
 * any, marks the decimals), else a single comma is a decimal comma and a
 * single dot a decimal point. Writes to out (size bytes) the number as
 * JSON writes it: "120000", "1234.5", "75.5". (In JSON's own text, where
 * 120.000 is valid and reads as 120, only the other forms are errors.) */
static enum number_form number_form(const char *s, size_t n, char *out,
				    size_t size)
{
	size_t start[NUMBER_GROUPS], glen[NUMBER_GROUPS], k = 0, i = 0, o = 0;
	char sep[NUMBER_GROUPS];
	if (n + 2 > size)
		return NUMBER_OTHER;
	if (i < n && s[i] == '-')
		out[o++] = s[i++];
	for (;;) {
		if (k == NUMBER_GROUPS)
			return NUMBER_OTHER;
		start[k] = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		glen[k] = i - start[k];
		if (!glen[k])
			return NUMBER_OTHER;
		k++;
		if (i == n)
			break;
		if (s[i] != '.' && s[i] != ',')
			return NUMBER_OTHER;
		sep[k - 1] = s[i++];
	}
	/* The marks before the last one are the same; and the last? */
	bool lead_same = true;
	for (size_t g = 1; g + 2 < k; g++)
		lead_same = lead_same && sep[g] == sep[0];
	bool same = lead_same && (k < 2 || sep[k - 2] == sep[0]);
	/* The groups a thousands separator splits: all but the decimals. */
	size_t whole = same ? k : k - 1;
	bool thousands = lead_same && glen[0] <= 3 && s[start[0]] != '0';
	for (size_t g = 1; g < whole; g++)
		thousands = thousands && glen[g] == 3;
	if (k == 1 || (k == 2 && sep[0] == '.' && !thousands)) {
		memcpy(out, s, n);
		out[n] = '\0';
		return NUMBER_PLAIN;
	}
	if (thousands) {
		for (size_t g = 0; g < whole; g++) {
			memcpy(out + o, s + start[g], glen[g]);
			o += glen[g];
		}
		if (whole < k) {
			out[o++] = '.';
			memcpy(out + o, s + start[k - 1], glen[k - 1]);
			o += glen[k - 1];
		}
		out[o] = '\0';
		return NUMBER_THOUSANDS;
	}
	if (k == 2 && sep[0] == ',') {
		memcpy(out + o, s + start[0], glen[0]);
		o += glen[0];
		out[o++] = '.';
		memcpy(out + o, s + start[1], glen[1]);
		out[o + glen[1]] = '\0';
		return NUMBER_DECIMAL_COMMA;
	}
	return NUMBER_OTHER;
}

static bool is_number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == ',';
}

/* The number a syntax error at off is in when it is written with dots or
 * commas between its digits ("120,000", whose comma ends the value, or
 * "120.000.000", whose second dot does): [*b, *e). */
static bool separated_number(const char *s, size_t len, size_t off, size_t *b,
			     size_t *e)
{
	if (off >= len || !is_number_char(s[off]))
		return false;
	size_t i = off, j = off;
	while (i > 0 && is_number_char(s[i - 1]))
		i--;
	while (i < off && (s[i] == '.' || s[i] == ','))
		i++;
	if (i > 0 && s[i - 1] == '-')
		i--;
	if (i > 0 && !strchr(" \t\r\n:[", s[i - 1]))
		return false;
	while (j < len && is_number_char(s[j]))
		j++;
	while (j > off && (s[j - 1] == '.' || s[j - 1] == ','))
		j--;
	size_t span = off - i + 1;
	if (i == off ||
	    (!memchr(s + i, ',', span) && !memchr(s + i, '.', span)))
		return false;
	*b = i;
	*e = j > off ? j : off + 1;
	return true;
}

/* The byte length of the curly quote “ or ” (and, with single, ‘ or ’)
 * at s[i], else 0. */
static size_t curly_quote(const char *s, size_t len, size_t i, bool single)
{
	if (i + 3 > len || (unsigned char)s[i] != 0xE2 ||
	    (unsigned char)s[i + 1] != 0x80)
		return 0;
	unsigned char c = (unsigned char)s[i + 2];
	if (c == 0x9C || c == 0x9D || (single && (c == 0x98 || c == 0x99)))
		return 3;
	return 0;
}

/* In the string that the straight quote s[start] opens and end ends, the
 * first curly double quote that what follows shows to be the string's
 * end (',', ':', '}', ']' or a line end after it): the closing quote,
 * typed curly. end when there is none. */
static size_t curly_closing(const char *s, size_t start, size_t end)
{
	for (size_t i = start + 1; i < end; i++) {
		if (!curly_quote(s, end, i, false))
			continue;
		size_t j = i + 3;
		while (j < end && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < end && strchr(",:}]\r\n", s[j]))
			return i;
	}
	return end;
}

static int curly_error(const struct json_doc *doc, size_t at, struct diag *d)
{
	char quote[4];
	memcpy(quote, doc->src.data + at, 3);
	quote[3] = '\0';
	return diag_error(d, pos_at(doc, at),
			  /* TRANSLATORS: %s is the curly quote typed (“, ”,
			   * ‘ or ’); " is the straight quote that JSON
			   * takes: keep it as it is. */
			  "%s is a curly quote, as Word types it: JSON needs "
			  "straight double quotes \" around names and texts; "
			  "type \" in its place",
			  quote);
}

/* The offset of the quote that opens the string whose closing quote is
 * s[q]; q when s[q] closes none. */
static size_t string_start(const char *s, size_t q)
{
	for (size_t i = 0; i < q; i++) {
		if (s[i] != '"')
			continue;
		size_t start = i;
		for (i++; i < q && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		if (i == q)
			return start;
	}
	return q;
}

enum { QUOTE_EXAMPLE_MAX = 80 };

/* A syntax error at off just after a string value that the double quote
 * q ended early, a quote in its text ("Trà "Shan tuyết" Bản Na"), whose
 * real end is further on the line: reports it at q, with the string
 * written with \" when it is short. Returns 1 when it is not that. */
static int inner_quote(const struct json_doc *doc, size_t q, size_t off,
		       struct diag *d)
{
	const char *s = doc->src.data;
	size_t len = doc->src.len;
	size_t start = string_start(s, q);
	if (start == q)
		return 1;
	size_t j = start;
	while (j > 0 && strchr(" \t\r\n", s[j - 1]))
		j--;
	if (!(j > 0 && s[j - 1] == ':') && open_bracket(s, start) != '[')
		return 1;
	/* The quote that ends the text: the one a ',', '}', ']' or the line's
	 * end follows. */
	size_t end = len;
	for (size_t k = off; k < len && s[k] != '\n'; k++) {
		if (s[k] == '\\') {
			k++;
		} else if (s[k] == '"') {
			size_t after = k + 1;
			while (after < len &&
			       (s[after] == ' ' || s[after] == '\t'))
				after++;
			if (after >= len || strchr(",}]\r\n", s[after])) {
				end = k;
				break;
			}
		}
	}
	if (end == len)
		return 1;
	if (end - start > QUOTE_EXAMPLE_MAX)
		return diag_error(d, pos_at(doc, q),
				  "a double quote inside a text ends the "
				  "string here: write \\\" for each quote "
				  "inside the text");
	struct buf example = BUF_INIT;
	buf_addc(&example, '"');
	for (size_t k = start + 1; k < end; k++) {
		if (s[k] == '\\' && k + 1 < end) {
			buf_add(&example, s + k, 2);
			k++;
			continue;
		}
		if (s[k] == '"')
			buf_addc(&example, '\\');
		buf_addc(&example, s[k]);
	}
	buf_addc(&example, '"');
	diag_error(d, pos_at(doc, q),
		   "a double quote inside a text ends the string here: write "
		   "\\\" for each quote inside the text, as in %s",
		   example.data);
	buf_release(&example);
	return -1;
}

/* Reports the syntax error cJSON stopped at, at off: a number written
 * with separators, a curly quote, a quote inside a text, or what
 * syntax_hint says. Returns -1. */
static int syntax_error(const struct json_doc *doc, size_t off, struct diag *d)
{
	const char *s = doc->src.data;
	size_t len = doc->src.len, b, e;
	char fix[48];
	if (separated_number(s, len, off, &b, &e)) {
		size_t sep = b + strcspn(s + b, ".,");
		switch (number_form(s + b, e - b, fix, sizeof(fix))) {
		case NUMBER_THOUSANDS:
			return diag_error(d, pos_at(doc, sep),
					  "the number %.*s is written with "
					  "thousands separators, which JSON "
					  "does not allow: write %s, without "
					  "separators",
					  (int)(e - b), s + b, fix);
		case NUMBER_DECIMAL_COMMA:
			return diag_error(d, pos_at(doc, sep),
					  "the number %.*s is written with a "
					  "decimal comma, which JSON does not "
					  "allow: write %s, with a point",
					  (int)(e - b), s + b, fix);
		default:
			break;
		}
	}
	if (curly_quote(s, len, off, true))
		return curly_error(doc, off, d);
	size_t j = off;
	while (j > 0 && strchr(" \t\r\n", s[j - 1]))
		j--;
	if (off < len && j > 0 && s[j - 1] == '"' &&
	    !strchr("\",:}]", s[off])) {
		size_t q = j - 1, start = string_start(s, q);
		size_t curly = start < q ? curly_closing(s, start, q) : q;
		if (curly < q)
			return curly_error(doc, curly, d);
		if (inner_quote(doc, q, off, d) < 0)
			return -1;
	}
	return diag_error(d, pos_at(doc, off), "%s", syntax_hint(s, len, off));
}

/* The code of the \\u escape whose four digits start at hex; 0x20 (no
 * control) when they are not four hexadecimal digits. */
static unsigned escape_code(const char *hex)
{
	unsigned c = 0;
	for (int k = 0; k < 4; k++) {
		int v = text_hex_value(hex[k]);
		if (v < 0)
			return 0x20;
		c = c * 16 + (unsigned)v;
	}
	return c;
}

/* Control characters inside the strings of the record: raw ones, which
 * cJSON lets in and JSON does not, and escapes of those no page may
 * publish ("\\u000b", Word's line break; "\\u0000", which would cut the
 * string short). Reports the first raw one, else every escaped one, each
 * at its place. Returns -1 when it reported, else 0. */
static int string_controls(const struct json_doc *doc, struct diag *d)
{
	const char *s = doc->src.data;
	size_t len = doc->src.len, raw = len;
	size_t *escaped = NULL, nescaped = 0, cap = 0;
	bool in_string = false;
	for (size_t i = 0; i < len && raw == len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!in_string) {
			in_string = c == '"';
			continue;
		}
		if (c == '"') {
			in_string = false;
		} else if (c < 0x20) {
			raw = i;
		} else if (c == '\\') {
			if (i + 5 < len && s[i + 1] == 'u' &&
			    text_is_bad_control(escape_code(s + i + 2))) {
				XGROW(escaped, nescaped, cap);
				escaped[nescaped++] = i;
			}
			i++;
		}
	}
	int rc = raw < len || nescaped ? -1 : 0;
	struct buf name = BUF_INIT;
	if (raw < len && (s[raw] == '\n' || s[raw] == '\r')) {
		diag_error(d, pos_at(doc, raw),
			   "a line break inside a string is not allowed in "
			   "JSON; write \\n for a new line, or close the "
			   "string");
	} else if (raw < len && s[raw] == '\t') {
		diag_error(d, pos_at(doc, raw),
			   "a tab inside a string is not allowed in JSON; "
			   "write a space");
	} else if (raw < len) {
		text_control_name(&name, (unsigned char)s[raw]);
		diag_error(d, pos_at(doc, raw),
			   "the control character %s cannot be published: "
			   "delete it",
			   name.data);
	}
	for (size_t k = 0; raw == len && k < nescaped; k++) {
		buf_reset(&name);
		text_control_name(&name, escape_code(s + escaped[k] + 2));
		diag_error(d, pos_at(doc, escaped[k]),
			   "the control character %s cannot be published: "
			   "delete it (write \\n for a new line)",
			   name.data);
	}
	buf_release(&name);
	free(escaped);
	return rc;
}

int json_doc_load(struct json_doc *doc, const char *fs_path, const char *path,
		  unsigned long long max_bytes, struct diag *d)
{
	struct buf src = BUF_INIT;
	struct stat st;
	if (stat(fs_path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > max_bytes) {
		memset(doc, 0, sizeof(*doc));
		doc->path = path;
		const char *name = strrchr(path, '/');
		return limit_size_error(
			d, pos_file(path), name ? name + 1 : path,
			(unsigned long long)st.st_size, max_bytes, NULL);
	}
	int err = buf_read_file(&src, fs_path) < 0 ? errno : 0;
	return json_doc_parse(doc, &src, err, path, d);
}

int json_doc_parse(struct json_doc *doc, struct buf *src, int err,
		   const char *path, struct diag *d)
{
	memset(doc, 0, sizeof(*doc));
	doc->path = path;
	doc->src = *src;
	buf_init(src);
	struct pos whole = pos_file(path);
	if (err)
		return diag_error_errno(
			d, err == ENOENT ? pos_folder(path) : whole, err,
			"cannot read");
	text_lines_init(&doc->lines, doc->src.data, doc->src.len);
	size_t bad;
	if (!text_utf8_valid(doc->src.data, doc->src.len, &bad)) {
		if (doc->src.data[bad] == '\0')
			return diag_error(d, pos_at(doc, bad),
					  "NUL byte: the file must be UTF-8 "
					  "text");
		return diag_error(d, pos_at(doc, bad),
				  "invalid UTF-8 byte 0x%02x: save the file "
				  "as UTF-8",
				  (unsigned char)doc->src.data[bad]);
	}
	size_t start = 0;
	if (doc->src.len >= 3 && !memcmp(doc->src.data, "\xEF\xBB\xBF", 3))
		start = 3;
	if (skip_ws(doc->src.data, doc->src.len, start) == doc->src.len)
		return diag_error(d, whole,
				  "the file is empty: it must hold "
				  "a JSON object");
	const char *end = NULL;
	/* The length includes the terminating NUL, so that cJSON can insist
	 * that nothing follows the value. */
	doc->root = cJSON_ParseWithLengthOpts(doc->src.data, doc->src.len + 1,
					      &end, true);
	if (!doc->root) {
		size_t off = end ? (size_t)(end - doc->src.data) : 0;
		if (off > doc->src.len)
			off = doc->src.len;
		off = error_offset(doc->src.data, doc->src.len, off);
		size_t open = off < doc->src.len
				      ? unclosed_string(doc->src.data, off)
				      : off;
		if (open < off) {
			const char *s = doc->src.data;
			size_t eol = open + 1 + strcspn(s + open + 1, "\n");
			size_t lim = eol < doc->src.len ? eol + 1 : eol;
			size_t curly = curly_closing(s, open, lim);
			if (curly < lim)
				return curly_error(doc, curly, d);
			return diag_error(d, pos_at(doc, open),
					  "this string has no closing quote "
					  "on its line");
		}
		if (off < doc->src.len &&
		    brackets_open(doc->src.data, off, NULL) >=
			    CJSON_NESTING_LIMIT &&
		    (doc->src.data[off] == '[' || doc->src.data[off] == '{'))
			return diag_error(d, pos_at(doc, off),
					  "lists and objects are nested more "
					  "than %d deep here; a record needs "
					  "a few levels",
					  CJSON_NESTING_LIMIT);
		return syntax_error(doc, off, d);
	}
	if (string_controls(doc, d) < 0)
		return -1;
	locate(doc, doc->root, start);
	return 0;
}

void json_doc_release(struct json_doc *doc)
{
	cJSON_Delete(doc->root);
	buf_release(&doc->src);
	text_lines_release(&doc->lines);
	free(doc->locs);
	memset(doc, 0, sizeof(*doc));
}

struct pos json_pos(const struct json_doc *doc, const cJSON *node)
{
	if (!doc->cap || !node)
		return (struct pos){doc->path, 1, 1, false};
	const struct json_loc *l = loc_slot(doc->locs, doc->cap, node);
	return l->node ? pos_at(doc, l->val_off)
		       : (struct pos){doc->path, 1, 1, false};
}

struct pos json_key_pos(const struct json_doc *doc, const cJSON *node)
{
	if (!doc->cap || !node)
		return (struct pos){doc->path, 1, 1, false};
	const struct json_loc *l = loc_slot(doc->locs, doc->cap, node);
	if (!l->node)
		return (struct pos){doc->path, 1, 1, false};
	return pos_at(doc, l->has_key ? l->key_off : l->val_off);
}

void json_number_text(const struct json_doc *doc, const cJSON *node, char *out,
		      size_t size)
{
	size_t n = 0;
	if (doc->cap && node && size) {
		const struct json_loc *l = loc_slot(doc->locs, doc->cap, node);
		const char *s = doc->src.data;
		for (size_t i = l->val_off;
		     l->node && n + 1 < size && i < doc->src.len &&
		     strchr("0123456789+-.eE", s[i]) && s[i];
		     i++)
			out[n++] = s[i];
	}
	if (size)
		out[n] = '\0';
}

/* How much of a name a message shows: all of it, or its first
 * NAME_SHOWN bytes and the rest of the character they end in, then "…". */
enum { NAME_SHOWN = 60 };

static int shown_len(const char *name)
{
	size_t n = strnlen(name, NAME_SHOWN + 1);
	if (n <= NAME_SHOWN)
		return (int)n;
	n = NAME_SHOWN;
	while (((unsigned char)name[n] & 0xc0) == 0x80)
		n++;
	return (int)n;
}

/* "…" when shown_len cuts name, else "". */
static const char *shown_cut(const char *name)
{
	return name[shown_len(name)] ? "…" : "";
}

/* Members in the order of their names, and of the file for one name. */
struct member_at {
	const cJSON *node;
	size_t index;
};

static int member_cmp(const void *a, const void *b)
{
	const struct member_at *x = a, *y = b;
	int c = strcmp(x->node->string, y->node->string);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Reports each member whose name an earlier member has: sorted, so that an
 * object of a million members takes no longer than sorting them. */
static void check_duplicates(const struct json_doc *doc, const cJSON *obj,
			     struct diag *d)
{
	size_t n = 0;
	for (const cJSON *m = obj->child; m; m = m->next)
		n++;
	if (n < 2)
		return;
	struct member_at *all = xcalloc(n, sizeof(*all));
	n = 0;
	for (const cJSON *m = obj->child; m; m = m->next, n++)
		all[n] = (struct member_at){m, n};
	qsort(all, n, sizeof(*all), member_cmp);
	size_t first = 0;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(all[i].node->string, all[first].node->string)) {
			first = i;
			continue;
		}
		const char *name = all[i].node->string;
		struct pos at = json_key_pos(doc, all[first].node);
		diag_error(d, json_key_pos(doc, all[i].node),
			   "duplicate key \"%.*s%s\" (first at line %d); keep "
			   "one",
			   shown_len(name), name, shown_cut(name), at.line);
	}
	free(all);
}

void json_check_members(const struct json_doc *doc, const cJSON *obj,
			const char *const known[], struct diag *d)
{
	check_duplicates(doc, obj, d);
	for (const cJSON *m = obj->child; m; m = m->next) {
		if (!strcmp(m->string, "$schema"))
			continue;
		const char *best = NULL;
		size_t best_dist = (size_t)-1;
		bool found = false;
		for (size_t i = 0; known[i]; i++) {
			if (!strcmp(known[i], m->string)) {
				found = true;
				break;
			}
			size_t dist = text_edit_distance(known[i], m->string);
			if (dist < best_dist) {
				best_dist = dist;
				best = known[i];
			}
		}
		if (found)
			continue;
		size_t len = strlen(m->string);
		if (best && best_dist <= (len < 6 ? 2 : 3))
			diag_error(d, json_key_pos(doc, m),
				   "unknown field \"%s\"; did you mean \"%s\"?",
				   m->string, best);
		else
			diag_error(d, json_key_pos(doc, m),
				   "unknown field \"%.*s%s\"",
				   shown_len(m->string), m->string,
				   shown_cut(m->string));
	}
}

const char *json_type_name(int mask)
{
	switch (mask) {
	case JSON_STRING:
		/* TRANSLATORS: a type of JSON value, as in "\"name\" must be a
		 * string, not a number". */
		return _("a string");
	case JSON_NUMBER:
		/* TRANSLATORS: a type of JSON value, as in "\"stars\" must be a
		 * number, not a string". */
		return _("a number");
	case JSON_BOOL:
		/* TRANSLATORS: a type of JSON value, as in "\"featured\" must
		 * be true or false, not a string"; true and false are JSON's
		 * words: keep them as they are. */
		return _("true or false");
	case JSON_ARRAY:
		/* TRANSLATORS: a type of JSON value, as in "\"images\" must be
		 * a list [...], not a string". */
		return _("a list [...]");
	case JSON_OBJECT:
		/* TRANSLATORS: a type of JSON value, as in "\"price\" must be
		 * an object {...}, not a number". */
		return _("an object {...}");
	case JSON_STRING | JSON_OBJECT:
		/* TRANSLATORS: a type of JSON value, as in "\"name\" must be a
		 * string or an object of translations, not a number": an
		 * object whose keys are language tags ({"vi": ..., "en":
		 * ...}). */
		return _("a string or an object of translations");
	default:
		/* TRANSLATORS: a type of JSON value, as in "\"name\" must be
		 * a value of another type, not a number". */
		return _("a value of another type");
	}
}

static const char *node_type_name(const cJSON *node)
{
	switch (node->type & 0xFF) {
	case cJSON_String:
		/* TRANSLATORS: the type of the JSON value found, as in
		 * "\"stars\" must be a number, not a string". */
		return _("a string");
	case cJSON_Number:
		/* TRANSLATORS: the type of the JSON value found, as in
		 * "\"name\" must be a string, not a number". */
		return _("a number");
	case cJSON_True:
	case cJSON_False:
		/* TRANSLATORS: the type of the JSON value found (true or
		 * false), as in "\"name\" must be a string, not a boolean". */
		return _("a boolean");
	case cJSON_NULL:
		/* TRANSLATORS: the type of the JSON value found, as in
		 * "\"name\" must be a string, not null"; null is JSON's word
		 * for no value. */
		return _("null");
	case cJSON_Array:
		/* TRANSLATORS: the type of the JSON value found, as in
		 * "\"name\" must be a string, not a list". */
		return _("a list");
	case cJSON_Object:
		/* TRANSLATORS: the type of the JSON value found, as in
		 * "\"name\" must be a string, not an object". */
		return _("an object");
	default:
		/* TRANSLATORS: the type of the JSON value found, as in
		 * "\"name\" must be a string, not something else". */
		return _("something else");
	}
}

bool json_expect(const struct json_doc *doc, const cJSON *node, int mask,
		 const char *what, struct diag *d)
{
	if (node->type & mask)
		return true;
	diag_error(d, json_pos(doc, node), "%s must be %s, not %s", what,
		   json_type_name(mask), node_type_name(node));
	return false;
}

/* Reports a number written in quotes, node, the value of member name:
 * with the number as JSON writes it when the text is one ("120.000.000"
 * is 120000000), else with the form alone. */
static void number_as_string(const struct json_doc *doc, const cJSON *node,
			     const char *name, struct diag *d)
{
	const char *s = node->valuestring;
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	while (n && strchr(" \t\r\n", *s)) {
		s++;
		n--;
	}
	char fix[48];
	if (number_form(s, n, fix, sizeof(fix)) != NUMBER_OTHER)
		diag_error(d, json_pos(doc, node),
			   "\"%s\" must be a number, not a string: write "
			   "\"%s\": %s, without quotes",
			   name, name, fix);
	else
		diag_error(d, json_pos(doc, node),
			   "\"%s\" must be a number, not a string: write "
			   "\"%s\": followed by the number in digits, without "
			   "quotes",
			   name, name);
}

const cJSON *json_member(const struct json_doc *doc, const cJSON *obj,
			 const char *name, int mask, bool required,
			 struct diag *d)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!m) {
		if (required)
			diag_error(d, json_pos(doc, obj),
				   "missing required field \"%s\"", name);
		return NULL;
	}
	if (mask == JSON_NUMBER && cJSON_IsString(m)) {
		number_as_string(doc, m, name, d);
		return NULL;
	}
	char what[96];
	snprintf(what, sizeof(what), "\"%s\"", name);
	return json_expect(doc, m, mask, what, d) ? m : NULL;
}
