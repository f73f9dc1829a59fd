/*
 * fuzz_text: the text functions that content reaches: UTF-8 checks, NFC,
 * the folding and the words of search, slugs, positions in characters,
 * phone numbers, dates and percent-decoding. A slug made from a text must
 * be a slug, and folding must give the same for NFC and for the text as
 * it was: both are checked.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "search.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text)
{
	fprintf(stderr, "fuzz_text: %s: \"%s\"\n", what, text);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *decoded = text_percent_decode(s, size);
	free(decoded);

	struct text_lines lines;
	text_lines_init(&lines, s, size);
	for (size_t off = 0; off <= size; off += 1 + off / 2) {
		int line, col;
		text_lines_locate(&lines, off, &line, &col);
		if (line < 1 || col < 1)
			fail("a position before the start", "");
	}
	text_lines_release(&lines);

	size_t bad;
	if (!text_utf8_valid(s, size, &bad))
		return 0;
	char *nfc = text_nfc(s, size);
	char *fold = text_fold(s, size);
	char *fold_nfc = text_fold(nfc, strlen(nfc));
	if (strcmp(fold, fold_nfc))
		fail("NFC and the text as written fold apart", nfc);
	char *slug = text_slug_from(nfc);
	if (*slug && !text_is_slug(slug))
		fail("not a slug", slug);

	struct buf b = BUF_INIT;
	search_text_terms(nfc, &b);
	buf_reset(&b);
	if (text_phone_check(nfc, &b) == PHONE_OK) {
		buf_reset(&b);
		text_phone_dial(&b, nfc);
	}
	buf_release(&b);
	int y, m, d;
	text_parse_date(nfc, &y, &m, &d);

	free(slug);
	free(fold_nfc);
	free(fold);
	free(nfc);
	return 0;
}
