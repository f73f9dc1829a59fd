/* Text: UTF-8 checks, positions in characters, NFC, slugs, dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "util.h"

/* Runs text_utf8_valid on a literal that may hold NUL bytes. */
#define INVALID_AT(lit, off)                                                   \
	do {                                                                   \
		size_t bad_ = (size_t)-1;                                      \
		assert_false(text_utf8_valid(lit, sizeof(lit) - 1, &bad_));    \
		assert_int_equal(bad_, (off));                                 \
	} while (0)

static void test_utf8_valid_text(void **state)
{
	(void)state;
	size_t bad = 12345;
	const char *vi = "Miến dong Tài Hoan, Bắc Kạn: đặc sản";
	const char *zh = "北江省的特产：米粉";
	const char *mixed = "ASCII, Tiếng Việt, 中文, emoji \xF0\x9F\x8D\x9C";
	assert_true(text_utf8_valid(vi, strlen(vi), &bad));
	assert_true(text_utf8_valid(zh, strlen(zh), &bad));
	assert_true(text_utf8_valid(mixed, strlen(mixed), &bad));
	assert_true(text_utf8_valid("", 0, &bad));
	/* Only len bytes are looked at. */
	assert_true(text_utf8_valid("ab\xFF", 2, &bad));
	assert_int_equal(bad, 12345);
}

static void test_utf8_bad_continuation(void **state)
{
	(void)state;
	/* "é" is C3 A9; C3 followed by an ASCII letter is broken. */
	INVALID_AT("abc\xC3(def", 3);
	INVALID_AT("Mi\xE1\xBA"
		   "n",
		   2);
	/* A lone continuation byte. */
	INVALID_AT("x\xA9y", 1);
	/* 0xFF never occurs in UTF-8. */
	INVALID_AT("Bắc\xFF", 5);
}

static void test_utf8_overlong(void **state)
{
	(void)state;
	/* "/" as two bytes, and as three. */
	INVALID_AT("a\xC0\xAF", 1);
	INVALID_AT("ab\xE0\x80\xAF", 2);
	INVALID_AT("\xC1\xBF", 0);
}

static void test_utf8_surrogate(void **state)
{
	(void)state;
	/* U+D800 and U+DFFF encoded as if they were characters. */
	INVALID_AT("Kạn\xED\xA0\x80", 5);
	INVALID_AT("\xED\xBF\xBF", 0);
	/* U+D7FF, just below, is fine. */
	size_t bad;
	assert_true(text_utf8_valid("\xED\x9F\xBF", 3, &bad));
}

static void test_utf8_truncated_at_end(void **state)
{
	(void)state;
	/* The first bytes of "ế" (E1 BA BF) and of "中" (E4 B8 AD). */
	INVALID_AT("Mi\xE1\xBA", 2);
	INVALID_AT("abc\xE4", 3);
	INVALID_AT("\xF0\x9F\x8D", 0);
}

static void test_utf8_nul_byte(void **state)
{
	(void)state;
	INVALID_AT("ab\0cd", 2);
	INVALID_AT("Bắc\0", 5);
	INVALID_AT("\0", 0);
}

static void test_lines_locate_characters(void **state)
{
	(void)state;
	/* Line 2 starts at byte 6; "ế" is three bytes, "中" three. */
	const char *src = "{\"a\":\n\"Miến\": 1,\n中文x\n";
	struct text_lines tl;
	text_lines_init(&tl, src, strlen(src));
	int line = 0, col = 0;
	text_lines_locate(&tl, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	text_lines_locate(&tl, 5, &line, &col); /* the newline of line 1 */
	assert_int_equal(line, 1);
	assert_int_equal(col, 6);
	text_lines_locate(&tl, 6, &line, &col); /* '"' */
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	/* The closing quote after "Miến": byte 6 + 1 + 6 = 13, char 6. */
	const char *q = strstr(src + 7, "\"");
	text_lines_locate(&tl, (size_t)(q - src), &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 6);
	/* "1" after "\"Miến\": ". */
	const char *one = strchr(src, '1');
	text_lines_locate(&tl, (size_t)(one - src), &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 9);
	/* "x" after two Chinese characters. */
	const char *x = strchr(src, 'x');
	text_lines_locate(&tl, (size_t)(x - src), &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 3);
	text_lines_release(&tl);
}

static void test_lines_locate_end(void **state)
{
	(void)state;
	const char *src = "ab\nđặc";
	size_t len = strlen(src);
	struct text_lines tl;
	text_lines_init(&tl, src, len);
	int line = 0, col = 0;
	text_lines_locate(&tl, len, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 4);
	/* Past the end is the end. */
	text_lines_locate(&tl, len + 10, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 4);
	text_lines_release(&tl);

	/* After a final newline, the end is the start of an empty line. */
	src = "a\n";
	text_lines_init(&tl, src, 2);
	text_lines_locate(&tl, 2, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	text_lines_release(&tl);
}

static void test_lines_locate_empty(void **state)
{
	(void)state;
	struct text_lines tl;
	text_lines_init(&tl, "", 0);
	int line = 0, col = 0;
	text_lines_locate(&tl, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	text_lines_release(&tl);
}

static void test_lines_many(void **state)
{
	(void)state;
	/* More lines than the first allocation holds. */
	char src[1000];
	for (int i = 0; i < 500; i++) {
		src[2 * i] = 'x';
		src[2 * i + 1] = '\n';
	}
	struct text_lines tl;
	text_lines_init(&tl, src, sizeof(src));
	int line = 0, col = 0;
	text_lines_locate(&tl, 2 * 321 + 1, &line, &col);
	assert_int_equal(line, 322);
	assert_int_equal(col, 2);
	text_lines_release(&tl);
}

/* Columns of long lines, counted through the index of blocks: the same
 * as counting the characters from the line's start, at every offset, in
 * a text whose length is a whole number of blocks. */
static void test_lines_long(void **state)
{
	(void)state;
	size_t len = 3 * TEXT_LINES_BLOCK;
	char *src = malloc(len);
	assert_non_null(src);
	size_t i = 0;
	while (i < len) {
		if (i + 3 <= len && i % 7 < 3) {
			memcpy(src + i, "\xE1\xBA\xBF", 3); /* "ế" */
			i += 3;
		} else
			src[i++] = 'a';
	}
	/* A second line, starting in the middle of a block. */
	size_t nl = 5000;
	while (src[nl] != 'a')
		nl++;
	src[nl] = '\n';
	struct text_lines tl;
	text_lines_init(&tl, src, len);
	size_t start = 0;
	int want_line = 1, want_col = 1;
	for (i = 0; i <= len; i++) {
		if (i == len || ((unsigned char)src[i] & 0xC0) != 0x80) {
			int line = 0, col = 0;
			text_lines_locate(&tl, i, &line, &col);
			assert_int_equal(line, want_line);
			assert_int_equal(col, want_col);
		}
		if (i == len)
			break;
		if (src[i] == '\n') {
			want_line++;
			want_col = 1;
			start = i + 1;
		} else if (((unsigned char)src[i] & 0xC0) != 0x80)
			want_col++;
	}
	assert_true(start > 0);
	text_lines_release(&tl);
	free(src);
}

static void check_nfc(const char *in, const char *want)
{
	char *got = text_nfc(in, strlen(in));
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_nfc(void **state)
{
	(void)state;
	/* e + circumflex + acute composes to U+1EBF "ế". */
	check_nfc("Mie\xCC\x82\xCC\x81n", "Mi\xE1\xBA\xBFn");
	check_nfc("Mie\xCC\x82\xCC\x81n", "Miến");
	/* a + dot below + breve: "ặ" in "đặc". */
	check_nfc("\xC4\x91"
		  "a\xCC\xA3\xCC\x86"
		  "c",
		  "đặc");
	check_nfc("plain ASCII, 100%", "plain ASCII, 100%");
	check_nfc("", "");
	check_nfc("Bắc Kạn, 中文", "Bắc Kạn, 中文");
	/* Đ has no decomposition: it must stay as it is. */
	check_nfc("Đ", "\xC4\x90");
	check_nfc("đ", "\xC4\x91");
}

/* The quick path of text_nfc (a text taken as already in NFC) must never
 * keep a text that NFC changes: random texts over characters of every
 * kind that NFC treats apart, each compared with utf8proc's own NFC. */
static void test_nfc_quick_path_agrees(void **state)
{
	(void)state;
	static const utf8proc_int32_t alphabet[] = {
		'a',	 'e',	 'o',	 'A',
		' ',	 0x00EA, /* ê, precomposed, composes further with a mark
				  */
		0x1EBF,		 /* ế */
		0x0111,		 /* đ, no decomposition */
		0x01A1,		 /* ơ */
		0x0301,	 0x0302, 0x0323, 0x0309, /* combining marks */
		0x212B,		 /* ANGSTROM SIGN, a singleton: NFC gives Å */
		0x0958,		 /* DEVANAGARI QA, excluded from composition */
		0x0B47,	 0x0B3E, /* Oriya: E + AA compose; AA is a starter */
		0x0DD9,	 0x0DCF, /* Sinhala, the same */
		0x1100,	 0x1161, 0x11A8, 0xAC00, /* Hangul jamo, a syllable */
		0x4E2D,	 0x6587,		 /* Han */
		0xF900,	 /* a CJK compatibility ideograph: NFC replaces it */
		0x3099,	 /* kana voicing mark */
		0x304B,	 /* か, which composes with it */
		0x1D15E, /* a musical symbol excluded from composition */
	};
	unsigned seed = 12345;
	for (int round = 0; round < 20000; round++) {
		char text[64];
		size_t len = 0;
		int n = 1 +
			(int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			utf8proc_int32_t c =
				alphabet[(seed >> 16) % ARRAY_SIZE(alphabet)];
			len += (size_t)utf8proc_encode_char(
				c, (utf8proc_uint8_t *)text + len);
		}
		text[len] = 0;
		utf8proc_uint8_t *want = NULL;
		assert_true(utf8proc_map((const utf8proc_uint8_t *)text,
					 (utf8proc_ssize_t)len, &want,
					 UTF8PROC_STABLE | UTF8PROC_COMPOSE) >=
			    0);
		char *got = text_nfc(text, len);
		if (strcmp(got, (const char *)want))
			fail_msg("text_nfc(\"%s\") is \"%s\", not \"%s\"", text,
				 got, want);
		free(got);
		free(want);
	}
}

static void test_nfc_length_is_respected(void **state)
{
	(void)state;
	char *got = text_nfc("abcdef", 3);
	assert_string_equal(got, "abc");
	free(got);
	got = text_nfc("Mie\xCC\x82\xCC\x81n!!", 8);
	assert_string_equal(got, "Miến");
	free(got);
}

static void test_is_slug(void **state)
{
	(void)state;
	assert_true(text_is_slug("mien-dong-tai-hoan"));
	assert_true(text_is_slug("a1"));
	assert_true(text_is_slug("a"));
	assert_true(text_is_slug("2024"));
	assert_true(text_is_slug("a-b-c"));
	assert_false(text_is_slug(""));
	assert_false(text_is_slug("-a"));
	assert_false(text_is_slug("a-"));
	assert_false(text_is_slug("a--b"));
	assert_false(text_is_slug("A"));
	assert_false(text_is_slug("aB"));
	assert_false(text_is_slug("miến"));
	assert_false(text_is_slug("a_b"));
	assert_false(text_is_slug("a/b"));
	assert_false(text_is_slug(".."));
	assert_false(text_is_slug("."));
	assert_false(text_is_slug("a b"));
	assert_false(text_is_slug("a.b"));
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(text_edit_distance("stars", "stars"), 0);
	assert_int_equal(text_edit_distance("star", "stars"), 1);
	assert_int_equal(text_edit_distance("stars", "star"), 1);
	assert_int_equal(text_edit_distance("stras", "stars"), 2);
	assert_int_equal(text_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(text_edit_distance("", "name"), 4);
	assert_int_equal(text_edit_distance("name", ""), 4);
	assert_int_equal(text_edit_distance("", ""), 0);
	assert_int_equal(text_edit_distance("summary", "sumary"), 1);
	assert_int_equal(text_edit_distance("abc", "xyz"), 3);
	assert_int_equal(text_edit_distance("producer", "district"), 8);
}

static void test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(text_days_in_month(2024, 2), 29);
	assert_int_equal(text_days_in_month(2023, 2), 28);
	assert_int_equal(text_days_in_month(1900, 2), 28);
	assert_int_equal(text_days_in_month(2000, 2), 29);
	assert_int_equal(text_days_in_month(2021, 1), 31);
	assert_int_equal(text_days_in_month(2021, 4), 30);
	assert_int_equal(text_days_in_month(2021, 12), 31);
}

static void test_parse_date(void **state)
{
	(void)state;
	int y = 0, m = 0, d = 0;
	assert_true(text_parse_date("2024-02-29", &y, &m, &d));
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_true(text_parse_date("2021-06-30", &y, &m, &d));
	assert_int_equal(y, 2021);
	assert_int_equal(m, 6);
	assert_int_equal(d, 30);
	assert_true(text_parse_date("2021-12-31", &y, &m, &d));
	assert_true(text_parse_date("2021-01-01", &y, &m, &d));

	y = m = d = -1;
	assert_false(text_parse_date("2023-02-29", &y, &m, &d));
	assert_false(text_parse_date("2021-02-30", &y, &m, &d));
	assert_false(text_parse_date("2021-13-01", &y, &m, &d));
	assert_false(text_parse_date("2021-00-10", &y, &m, &d));
	assert_false(text_parse_date("2021-04-31", &y, &m, &d));
	assert_false(text_parse_date("2021-06-00", &y, &m, &d));
	assert_false(text_parse_date("2021-6-30", &y, &m, &d));
	assert_false(text_parse_date("2021-06-3", &y, &m, &d));
	assert_false(text_parse_date("2021/06/30", &y, &m, &d));
	assert_false(text_parse_date("2021-06-30T00:00", &y, &m, &d));
	assert_false(text_parse_date("20a1-06-30", &y, &m, &d));
	assert_false(text_parse_date("+021-06-30", &y, &m, &d));
	assert_false(text_parse_date("", &y, &m, &d));
	/* A failed parse leaves the outputs alone. */
	assert_int_equal(y, -1);
	assert_int_equal(m, -1);
	assert_int_equal(d, -1);
}

/* The cases that the page script's fold (tests/search.mjs) must give too:
 * tests/fold-cases.json, read from the source tree, where tests/run runs
 * this test. */
static void dials(const char *written, const char *want)
{
	struct buf b = BUF_INIT;
	text_phone_dial(&b, written);
	assert_string_equal(b.data ? b.data : "", want);
	buf_release(&b);
}

static void test_phone_dial(void **state)
{
	(void)state;
	dials("+84 912 000 111", "+84912000111");
	dials("+84.209.3870.111", "+842093870111");
	dials("+1 (555) 555-0100", "+15555550100");
	dials("", "");
}

static void phone_is(const char *written, enum phone_fault want,
		     const char *fixed)
{
	struct buf b = BUF_INIT;
	enum phone_fault got = text_phone_check(written, &b);
	if (got != want)
		fail_msg("%s: fault %d, not %d", written, got, want);
	assert_string_equal(b.len ? b.data : "", fixed);
	buf_release(&b);
}

static void test_phone_check(void **state)
{
	(void)state;
	phone_is("+84 912 000 111", PHONE_OK, "");
	phone_is("+84 209 3884 123", PHONE_OK, "");
	phone_is("+84.209.3884.123", PHONE_OK, "");
	phone_is("+81 3-1234-5678", PHONE_OK, "");
	phone_is("+1 (555) 555-0100", PHONE_OK, "");
	/* The trunk prefix is dialled at home only. */
	phone_is("+84 (0)205 000 0101", PHONE_TRUNK, "+84 205 000 0101");
	phone_is("+84 0912 000 111", PHONE_TRUNK, "+84 912 000 111");
	phone_is(" +84-(0)-912-000-111", PHONE_TRUNK, "+84 912-000-111");
	phone_is("+44 (0)20 7946 0000", PHONE_TRUNK, "+44 20 7946 0000");
	/* Without its 0 still no number: not told as one. */
	phone_is("+84 000 000 002", PHONE_LENGTH, "");
	/* Written for a caller in Vietnam. */
	phone_is("0912 000 111", PHONE_NO_COUNTRY, "+84 912 000 111");
	phone_is("0209.3870.111", PHONE_NO_COUNTRY, "+84 209.3870.111");
	phone_is("(0209) 3870 111", PHONE_NO_COUNTRY, "+84 209 3870 111");
	phone_is("3870 111", PHONE_NO_COUNTRY, "");
	phone_is("00 84 912 000 111", PHONE_NO_COUNTRY, "");
	phone_is("+84 912 000", PHONE_LENGTH, "");
	phone_is("+84 912 000 111 222", PHONE_LENGTH, "");
	phone_is("+0 912 000 111", PHONE_LENGTH, "");
	phone_is("+1234567890123456", PHONE_LENGTH, "");
	phone_is("+84 912 abc", PHONE_CHARS, "");
	phone_is("84+912", PHONE_CHARS, "");
	phone_is("+84 912+000 111", PHONE_CHARS, "");
	/* Nothing but spaces: no byte past the end is read for a "+". */
	phone_is("", PHONE_NO_COUNTRY, "");
	phone_is("   ", PHONE_NO_COUNTRY, "");
}

static void test_fold_shared_cases(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_file(&b, "tests/fold-cases.json"), 0);
	cJSON *cases = cJSON_ParseWithLength(b.data, b.len);
	assert_non_null(cases);
	assert_true(cJSON_GetArraySize(cases) >= 20);
	const cJSON *c;
	cJSON_ArrayForEach(c, cases)
	{
		const char *in = cJSON_GetStringValue(cJSON_GetArrayItem(c, 0));
		const char *want =
			cJSON_GetStringValue(cJSON_GetArrayItem(c, 1));
		assert_non_null(in);
		assert_non_null(want);
		char *got = text_fold(in, strlen(in));
		if (strcmp(got, want))
			fail_msg("text_fold(\"%s\") is \"%s\", not \"%s\"", in,
				 got, want);
		free(got);
	}
	cJSON_Delete(cases);
	buf_release(&b);
}

static void test_fold_length_is_respected(void **state)
{
	(void)state;
	char *got = text_fold("\xC4\x90\xE1\xBA\xB6"
			      "C SAN",
			      6);
	assert_string_equal(got, "dac");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_text),
		cmocka_unit_test(test_utf8_bad_continuation),
		cmocka_unit_test(test_utf8_overlong),
		cmocka_unit_test(test_utf8_surrogate),
		cmocka_unit_test(test_utf8_truncated_at_end),
		cmocka_unit_test(test_utf8_nul_byte),
		cmocka_unit_test(test_lines_locate_characters),
		cmocka_unit_test(test_lines_locate_end),
		cmocka_unit_test(test_lines_locate_empty),
		cmocka_unit_test(test_lines_many),
		cmocka_unit_test(test_lines_long),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_quick_path_agrees),
		cmocka_unit_test(test_nfc_length_is_respected),
		cmocka_unit_test(test_fold_shared_cases),
		cmocka_unit_test(test_fold_length_is_respected),
		cmocka_unit_test(test_is_slug),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_phone_dial),
		cmocka_unit_test(test_phone_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
