/* images: the EXIF orientation is read from either byte order, from a JPEG
 * APP1 block ("Exif\0\0" first) as from the bare TIFF structure of PNG
 * eXIf and WebP EXIF chunks, and a block that is short, damaged or not
 * EXIF at all means "upright" (1), never a read out of bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "images.h"

static void put16(uint8_t *p, bool little, uint32_t v)
{
	p[little ? 0 : 1] = (uint8_t)(v & 0xFF);
	p[little ? 1 : 0] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, bool little, uint32_t v)
{
	put16(p + (little ? 0 : 2), little, v & 0xFFFF);
	put16(p + (little ? 2 : 0), little, v >> 16);
}

/* An APP1 EXIF block whose IFD0 holds one entry: tag, type SHORT, count 1,
 * value. Returns its length. */
static size_t exif_block(uint8_t *out, bool little, uint16_t tag,
			 uint16_t value)
{
	memset(out, 0, 64);
	memcpy(out, "Exif\0\0", 6);
	uint8_t *t = out + 6; /* the TIFF header; offsets count from here */
	t[0] = t[1] = little ? 'I' : 'M';
	put16(t + 2, little, 42);
	put32(t + 4, little, 8);
	put16(t + 8, little, 1); /* entries */
	put16(t + 10, little, tag);
	put16(t + 12, little, 3); /* SHORT */
	put32(t + 14, little, 1);
	put16(t + 18, little, value); /* left-justified in 4 bytes */
	put32(t + 22, little, 0);     /* no next IFD */
	return 6 + 26;
}

static void test_every_orientation_both_orders(void **state)
{
	(void)state;
	uint8_t b[64];
	for (int o = 1; o <= 8; o++) {
		size_t n = exif_block(b, true, 0x0112, (uint16_t)o);
		assert_int_equal(images_exif_orientation(b, n), o);
		n = exif_block(b, false, 0x0112, (uint16_t)o);
		assert_int_equal(images_exif_orientation(b, n), o);
	}
}

/* PNG eXIf and WebP EXIF chunks: the same block without "Exif\0\0". */
static void test_bare_tiff_both_orders(void **state)
{
	(void)state;
	uint8_t b[64];
	for (int o = 1; o <= 8; o++) {
		size_t n = exif_block(b, true, 0x0112, (uint16_t)o);
		assert_int_equal(images_exif_orientation(b + 6, n - 6), o);
		n = exif_block(b, false, 0x0112, (uint16_t)o);
		assert_int_equal(images_exif_orientation(b + 6, n - 6), o);
	}
	size_t n = exif_block(b, true, 0x0112, 6);
	for (size_t len = 0; len < n - 6; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, b + 6, len);
		int o = images_exif_orientation(copy, len);
		/* 6 once the entry is whole, though the next IFD's offset
		 * after it is cut */
		assert_int_equal(o, len >= 8 + 2 + 12 ? 6 : 1);
		free(copy);
	}
}

static void test_out_of_range_is_upright(void **state)
{
	(void)state;
	uint8_t b[64];
	size_t n = exif_block(b, true, 0x0112, 0);
	assert_int_equal(images_exif_orientation(b, n), 1);
	n = exif_block(b, false, 0x0112, 9);
	assert_int_equal(images_exif_orientation(b, n), 1);
}

static void test_other_tag_is_upright(void **state)
{
	(void)state;
	uint8_t b[64];
	size_t n = exif_block(b, true, 0x010F, 6); /* Make */
	assert_int_equal(images_exif_orientation(b, n), 1);
}

static void test_not_exif_is_upright(void **state)
{
	(void)state;
	static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>";
	assert_int_equal(
		images_exif_orientation((const uint8_t *)xmp, sizeof(xmp)), 1);
	uint8_t b[64];
	size_t n = exif_block(b, true, 0x0112, 6);
	b[6] = 'X'; /* neither II nor MM */
	assert_int_equal(images_exif_orientation(b, n), 1);
}

/* Every prefix of a valid block, and blocks whose offsets point past the
 * end: the sanitizers see any read beyond the copy. */
static void test_truncated_and_bad_offsets(void **state)
{
	(void)state;
	uint8_t b[64];
	size_t n = exif_block(b, true, 0x0112, 6);
	for (size_t len = 0; len < n; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, b, len);
		int o = images_exif_orientation(copy, len);
		assert_true(o == 1 || o == 6);
		free(copy);
	}
	uint8_t bad[64];
	memcpy(bad, b, n);
	bad[10] = 0xF0; /* IFD offset (little-endian) far past the end */
	assert_int_equal(images_exif_orientation(bad, n), 1);
	memcpy(bad, b, n);
	bad[14] = 0xFF; /* 255 entries, only one there */
	uint8_t *exact = malloc(n);
	assert_non_null(exact);
	memcpy(exact, bad, n);
	assert_int_equal(images_exif_orientation(exact, n), 6);
	free(exact);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_orientation_both_orders),
		cmocka_unit_test(test_bare_tiff_both_orders),
		cmocka_unit_test(test_out_of_range_is_upright),
		cmocka_unit_test(test_other_tag_is_upright),
		cmocka_unit_test(test_not_exif_is_upright),
		cmocka_unit_test(test_truncated_and_bad_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
