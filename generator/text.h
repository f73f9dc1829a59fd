/*
 * text: UTF-8 checks, NFC normalization, positions in characters, slugs and
 * the edit distance behind "did you mean". Unicode tables come from
 * utf8proc.
 */
#ifndef OCOPGEN_TEXT_H
#define OCOPGEN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Returns true when s[0..len) is valid UTF-8 without NUL bytes; otherwise
 * false with *bad set to the offset of the first bad byte. */
bool text_utf8_valid(const char *s, size_t len, size_t *bad);

/* Line starts of a text, for turning byte offsets into line:col. */
struct text_lines {
	const char *src;
	size_t len;
	size_t *starts; /* offset of each line's first byte */
	size_t n;
	/* Characters before each TEXT_LINES_BLOCK bytes of src, so that a
	 * column of a line of a megabyte is counted from near it. */
	size_t *chars;
};
#define TEXT_LINES_BLOCK 4096
/* Indexes src (borrowed; it must outlive the index). Free with
 * text_lines_release. */
void text_lines_init(struct text_lines *tl, const char *src, size_t len);
void text_lines_release(struct text_lines *tl);
/* Line (from 1) and column (from 1, in characters) of a byte offset. */
void text_lines_locate(const struct text_lines *tl, size_t offset, int *line,
		       int *col);

/* Returns s normalized to NFC, NUL-terminated, allocated with malloc; the
 * caller frees it. s must be valid UTF-8. */
char *text_nfc(const char *s, size_t len);

/* The form of a text that search compares: NFKC, case-folded, without
 * combining marks (tones, breves, horns), and with "đ"/"Đ" as "d", so that
 * "MIẾN DONG", "Miến dong" typed as NFD and "mien dong" all give "mien
 * dong". themes/default/static/search.js folds queries the same way; the
 * cases in tests/fold-cases.json hold both to it. Returns a malloc'd,
 * NUL-terminated string that the caller frees. s must be valid UTF-8. */
char *text_fold(const char *s, size_t len);

/* text_fold with the marks kept: NFKC and case-folded, "đ" still "đ", so
 * that "Nấm" gives "nấm" and "Nặm" "nặm", which text_fold makes one. Search
 * tells a query typed with marks the words whose marks agree with it.
 * search.js's foldMarked does the same. Returns a malloc'd string that the
 * caller frees. s must be valid UTF-8. */
char *text_fold_marked(const char *s, size_t len);

/* True for a folder name usable as an id and address segment: lower-case
 * ASCII letters and digits in groups joined by single hyphens. */
bool text_is_slug(const char *s);

/* A folder name made from a text, as text_is_slug takes it: its letters
 * folded (text_fold: no marks, lower case), every other run of characters
 * a hyphen: "Miến dong Na Rì" gives "mien-dong-na-ri". "" when nothing is
 * left, or s is not UTF-8. The caller frees it. */
char *text_slug_from(const char *s);

struct buf;
/* What is wrong with a phone number as written, checked as E.164 once
 * spaces, dots, hyphens and parentheses are removed: "+", a country
 * code, the number, 15 digits at most. */
enum phone_fault {
	PHONE_OK,
	PHONE_CHARS,	  /* a character other than digits, space, + . - ( ) */
	PHONE_NO_COUNTRY, /* no "+" and country code */
	PHONE_TRUNK,	  /* a trunk "(0)", or a 0 after +84 */
	PHONE_LENGTH,	  /* too few or too many digits */
};
/* Checks phone. For PHONE_NO_COUNTRY of a number starting with one 0 (a
 * number as written in Vietnam) and for PHONE_TRUNK, sets fixed (reset
 * first) to the number as it should be written, its spacing kept:
 * "0912 000 111" → "+84 912 000 111", "+84 (0)205 000 0101" →
 * "+84 205 000 0101"; fixed is left empty otherwise. */
enum phone_fault text_phone_check(const char *phone, struct buf *fixed);

/* Appends the number to dial for a phone number that text_phone_check
 * passed: "+" and its digits ("+84 912 000 111" gives "+84912000111"). */
void text_phone_dial(struct buf *out, const char *phone);

/* Appends names[0..n) as the choices of a message: "a", "b" or "c". */
void text_quoted_choices(struct buf *b, const char *const *names, size_t n);

/* Levenshtein distance between two ASCII field names. */
size_t text_edit_distance(const char *a, const char *b);

/* Whether c is a control character no page may publish: a C0 character
 * but tab, line feed and carriage return. Such characters break XML
 * (feed.xml, sitemaps) and print nothing a reader can see. */
bool text_is_bad_control(unsigned c);

/* Appends how a message names the control character c: "U+000B (vertical
 * tab, which Word writes for a line break)", "U+0000 (NUL)". */
void text_control_name(struct buf *b, unsigned c);

/* The i-th of a list of names, for text_nearest. */
typedef const char *text_name_at_fn(const void *names, size_t i);

/* The i-th of names given as an array of strings (const char *const *):
 * the name_at of a plain list. */
const char *text_name_in_array(const void *names, size_t i);

/* The name nearest to wrong of the n that name_at gives from names, for a
 * "did you mean"; NULL when none is near: at most 2 edits away for a name
 * shorter than 6 characters, a third of its length for a longer one. */
const char *text_nearest(const char *wrong, const void *names, size_t n,
			 text_name_at_fn *name_at);

/* Days in month m (1 to 12) of year y. */
int text_days_in_month(int y, int m);

/* True when s is a date "YYYY-MM-DD" that exists in the calendar; fills
 * year, month, day. */
bool text_parse_date(const char *s, int *year, int *month, int *day);

/* The value of a hexadecimal digit (either case), or -1. */
int text_hex_value(char c);

/* Decodes %XX escapes of s[0..len); returns a malloc'd, NUL-terminated
 * string that the caller frees. Other bytes are copied as they are. */
char *text_percent_decode(const char *s, size_t len);

#endif
