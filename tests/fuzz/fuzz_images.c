/*
 * fuzz_images: a photo's bytes through the decoders (libjpeg-turbo,
 * libpng, libwebp and its demuxer), with the EXIF orientation of each
 * form and the size limits, as a build decodes them; and through the
 * header read of `ocopgen check`. The two must agree: a fault the header
 * read finds is the decode's fault too, with the same message, and a
 * picture the decode accepts has the upright size the header read gave.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "images.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Pictures larger than this are read for their header only: decoding
 * 50 megapixels (the limit) many times a second would leave no time for
 * the rest. The limits themselves are checked by the header read. */
#define DECODE_MAX_PIXELS (1LL << 20)

static void fail(const char *what, const char *a, const char *b)
{
	fprintf(stderr, "fuzz_images: %s: \"%s\" / \"%s\"\n", what, a, b);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char head_err[256], err[256], warning[256];
	int w = 0, h = 0;
	int head =
		images_inspect(data, size, &w, &h, head_err, sizeof(head_err));
	if (head == 0 &&
	    (w < 1 || h < 1 || w > IMAGES_MAX_SIDE || h > IMAGES_MAX_SIDE ||
	     (long long)w * h > IMAGES_MAX_PIXELS))
		fail("the header read passed a size past the limits", "", "");
	if (head == 0 && (long long)w * h > DECODE_MAX_PIXELS)
		return 0;

	struct images_picture pic;
	int rc = images_decode(data, size, &pic, err, warning, sizeof(err));
	if (rc < 0) {
		if (pic.rgba)
			fail("pixels left after an error", err, "");
		if (head < 0 && strcmp(head_err, err))
			fail("header read and decode differ", head_err, err);
		return 0;
	}
	if (head < 0)
		fail("the header read refused what the decode took", head_err,
		     "");
	if (pic.w != w || pic.h != h)
		fail("the upright size differs", "", "");
	/* Every pixel is there to read. */
	unsigned sum = 0;
	for (size_t i = 0; i < (size_t)pic.w * (size_t)pic.h * 4; i += 4093)
		sum += pic.rgba[i];
	free(pic.rgba);
	return sum == 0xFFFFFFFFu;
}
