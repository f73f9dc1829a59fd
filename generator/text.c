/* Text handling shared by every stage: UTF-8, NFC, folding, positions,
 * slugs. */
#include "text.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"

bool text_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] == 0) {
				*bad = i;
				return false;
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(
			p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0) {
			*bad = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

void text_lines_init(struct text_lines *tl, const char *src, size_t len)
{
	size_t cap = 0;
	tl->src = src;
	tl->len = len;
	tl->starts = NULL;
	tl->n = 0;
	XGROW(tl->starts, tl->n, cap);
	tl->starts[tl->n++] = 0;
	tl->chars = xcalloc(len / TEXT_LINES_BLOCK + 1, sizeof(*tl->chars));
	size_t chars = 0;
	for (size_t i = 0; i < len; i++) {
		if (i % TEXT_LINES_BLOCK == 0)
			tl->chars[i / TEXT_LINES_BLOCK] = chars;
		if (((unsigned char)src[i] & 0xC0) != 0x80)
			chars++;
		if (src[i] != '\n')
			continue;
		XGROW(tl->starts, tl->n, cap);
		tl->starts[tl->n++] = i + 1;
	}
	if (len % TEXT_LINES_BLOCK == 0)
		tl->chars[len / TEXT_LINES_BLOCK] = chars;
}

/* The characters of src before offset. */
static size_t chars_before(const struct text_lines *tl, size_t offset)
{
	size_t block = offset / TEXT_LINES_BLOCK;
	size_t c = tl->chars[block];
	for (size_t i = block * TEXT_LINES_BLOCK; i < offset; i++)
		if (((unsigned char)tl->src[i] & 0xC0) != 0x80)
			c++;
	return c;
}

void text_lines_release(struct text_lines *tl)
{
	free(tl->starts);
	free(tl->chars);
	memset(tl, 0, sizeof(*tl));
}

void text_lines_locate(const struct text_lines *tl, size_t offset, int *line,
		       int *col)
{
	if (offset > tl->len)
		offset = tl->len;
	size_t lo = 0, hi = tl->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (tl->starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	*col = (int)(chars_before(tl, offset) -
		     chars_before(tl, tl->starts[lo]) + 1);
}

static char *copy_bytes(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Whether a code point of the Basic Multilingual Plane is its own NFC,
 * as found once: 0 not yet known, 1 yes, 2 no. Threads may find it at the
 * same time; they write the same value. */
static _Atomic unsigned char bmp_stable[0x10000];

/* True when c, wherever it stands in a text, is left as it is by NFC:
 * it is a starter (canonical combining class 0) that NFC does not
 * replace, and it cannot be composed with the character before it. A
 * character that may be composed with the one after it (a base letter, a
 * precomposed "ê") is inert as long as the next one is; a combining mark
 * never is. Hangul jamo and syllables are composed by arithmetic rather
 * than by utf8proc's table, so they are never taken for inert. */
static bool nfc_inert(utf8proc_int32_t c)
{
	if (c < 0x80)
		return true;
	if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7A3))
		return false;
	const utf8proc_property_t *p = utf8proc_get_property(c);
	if (p->combining_class != 0)
		return false;
	if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
		/* No canonical decomposition: inert unless it takes part in
		 * a composition, where it might be the second. */
		return p->comb_index == UINT16_MAX;
	/* A canonical decomposition: inert when NFC gives it back (not a
	 * singleton, nor excluded from composition). */
	if (c >= 0x10000)
		return false;
	unsigned char known =
		atomic_load_explicit(&bmp_stable[c], memory_order_relaxed);
	if (!known) {
		utf8proc_uint8_t one[4], *out = NULL;
		utf8proc_ssize_t n = utf8proc_encode_char(c, one);
		utf8proc_ssize_t m = utf8proc_map(
			one, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		known = m == n && !memcmp(out, one, (size_t)n) ? 1 : 2;
		free(out);
		atomic_store_explicit(&bmp_stable[c], known,
				      memory_order_relaxed);
	}
	return known == 1;
}

/* True when the text is in NFC for certain: every character inert. (A
 * text that is not reported may still be in NFC.) */
static bool nfc_quick(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(
			p + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0 || !nfc_inert(c))
			return false;
		i += (size_t)n;
	}
	return true;
}

char *text_nfc(const char *s, size_t len)
{
	/* Most text is already in NFC: saying so costs a table look-up per
	 * character, where normalizing costs a decomposition and a
	 * recomposition. */
	if (nfc_quick(s, len))
		return copy_bytes(s, len);
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n =
		utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
			     &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	/* n < 0 only for invalid UTF-8, which callers reject first; keep
	 * the bytes rather than lose the text. */
	if (n < 0)
		return copy_bytes(s, len);
	return (char *)out;
}

/* "đ" has no decomposition, so dropping marks leaves it; Vietnamese
 * readers still see it as a "d" when they type without diacritics. */
static utf8proc_int32_t fold_d(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return cp == 0x0110 || cp == 0x0111 ? 'd' : cp;
}

char *text_fold(const char *s, size_t len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom(
		(const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
		fold_d, NULL);
	if (n < 0)
		return copy_bytes(s, len);
	return (char *)out;
}

char *text_fold_marked(const char *s, size_t len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map(
		(const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			UTF8PROC_CASEFOLD);
	if (n < 0)
		return copy_bytes(s, len);
	return (char *)out;
}

bool text_is_slug(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (const char *p = s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			continue;
		if (*p == '-' && p[1] && p[1] != '-')
			continue;
		return false;
	}
	return true;
}

size_t text_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

int text_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

bool text_parse_date(const char *s, int *year, int *month, int *day)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > text_days_in_month(y, m))
		return false;
	*year = y;
	*month = m;
	*day = d;
	return true;
}

int text_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *text_percent_decode(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len &&
		    text_hex_value(s[i + 1]) >= 0 &&
		    text_hex_value(s[i + 2]) >= 0) {
			out[o++] = (char)(text_hex_value(s[i + 1]) * 16 +
					  text_hex_value(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

char *text_slug_from(const char *s)
{
	size_t bad;
	if (!text_utf8_valid(s, strlen(s), &bad))
		return xstrdup("");
	char *folded = text_fold(s, strlen(s));
	struct buf b = BUF_INIT;
	for (const char *p = folded; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			buf_addc(&b, *p);
		else if (b.len && b.data[b.len - 1] != '-')
			buf_addc(&b, '-');
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	free(folded);
	return b.data ? buf_detach(&b, NULL) : xstrdup("");
}

/* Appends s[0..n) to b without parentheses, with no two spaces in a row
 * nor a space at its start or end. */
static void add_spaced(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == ')')
			continue;
		if (s[i] == ' ' &&
		    (!b->len || b->data[b->len - 1] == ' ' || i + 1 == n))
			continue;
		buf_addc(b, s[i]);
	}
}

enum phone_fault text_phone_check(const char *phone, struct buf *fixed)
{
	buf_reset(fixed);
	const char *p = phone;
	while (*p == ' ')
		p++;
	/* A "+" may come first only; p + 1 is past the end of "". */
	if (strspn(p, "0123456789 +.-()") != strlen(p) ||
	    (*p && strchr(p + 1, '+')))
		return PHONE_CHARS;
	size_t digits = 0;
	for (const char *q = p; *q; q++)
		digits += *q >= '0' && *q <= '9';
	if (*p != '+') {
		/* Written for a caller in Vietnam: 0 and the number. */
		const char *d = p + strcspn(p, "0123456789");
		if (*d == '0' && d[1] != '0' && digits >= 10 && digits <= 11) {
			buf_adds(fixed, "+84 ");
			add_spaced(fixed, d + 1, strlen(d + 1));
		}
		return PHONE_NO_COUNTRY;
	}
	const char *trunk = strstr(p, "(0)");
	const char *cc = p + 1 + strspn(p + 1, " .-");
	if (!trunk && !strncmp(cc, "84", 2)) {
		const char *rest = cc + 2 + strspn(cc + 2, " .-");
		if (*rest == '0')
			trunk = rest;
	}
	if (trunk) {
		size_t n = (size_t)(trunk - p);
		while (n && strchr(" .-", p[n - 1]))
			n--;
		add_spaced(fixed, p, n);
		buf_addc(fixed, ' ');
		const char *after = trunk + (trunk[0] == '(' ? 3 : 1);
		after += strspn(after, " .-");
		add_spaced(fixed, after, strlen(after));
		/* Only a number that is whole without the 0 is told. */
		struct buf again = BUF_INIT;
		enum phone_fault f = text_phone_check(fixed->data, &again);
		buf_release(&again);
		if (f == PHONE_OK)
			return PHONE_TRUNK;
		buf_reset(fixed);
		return PHONE_LENGTH;
	}
	if (*cc == '0' || digits < 8 || digits > 15 ||
	    (!strncmp(cc, "84", 2) && (digits < 11 || digits > 12)))
		return PHONE_LENGTH;
	return PHONE_OK;
}

void text_phone_dial(struct buf *out, const char *phone)
{
	for (const char *q = phone; *q; q++)
		if (*q == '+' || (*q >= '0' && *q <= '9'))
			buf_addc(out, *q);
}

void text_quoted_choices(struct buf *b, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s\"%s\"",
			   !i	       ? ""
			   : i + 1 < n ? ", "
				       /* TRANSLATORS: before the last of a list
					* of choices: "a", "b" or "c". */
				       : _(" or "),
			   names[i]);
}

const char *text_name_in_array(const void *names, size_t i)
{
	return ((const char *const *)names)[i];
}

const char *text_nearest(const char *wrong, const void *names, size_t n,
			 text_name_at_fn *name_at)
{
	const char *best = NULL;
	size_t best_dist = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		const char *name = name_at(names, i);
		size_t dist = text_edit_distance(wrong, name);
		if (dist < best_dist) {
			best_dist = dist;
			best = name;
		}
	}
	size_t len = strlen(wrong);
	return best && best_dist <= (len < 6 ? 2 : len / 3) ? best : NULL;
}

bool text_is_bad_control(unsigned c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

void text_control_name(struct buf *b, unsigned c)
{
	static const char *const names[0x20] = {
		"NUL",
		"SOH",
		"STX",
		"ETX",
		"EOT",
		"ENQ",
		"ACK",
		"BEL",
		N_("backspace"),
		N_("tab"),
		N_("line feed"),
		N_("vertical tab, which Word writes for a line break"),
		N_("form feed, which Word writes for a page break"),
		N_("carriage return"),
		"SO",
		"SI",
		"DLE",
		"DC1",
		"DC2",
		"DC3",
		"DC4",
		"NAK",
		"SYN",
		"ETB",
		"CAN",
		"EM",
		"SUB",
		N_("escape, which can drive a terminal"),
		"FS",
		"GS",
		"RS",
		"US",
	};
	buf_printf(b, "U+%04X", c);
	if (c < 0x20)
		buf_printf(b, " (%s)", _(names[c]));
}
