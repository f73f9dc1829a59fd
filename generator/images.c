/*
 * Photos in, WebP out: decode (libjpeg-turbo, libpng, libwebp), orient,
 * resize and encode (libwebp), in a cache that survives builds.
 */
#include "images.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jpeglib.h>
/* after jpeglib.h, which it needs */
#include <jerror.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <xxhash.h>

#include "buf.h"
#include "fs.h"
#include "i18n.h"
#include "layout.h"
#include "lock.h"
#include "pool.h"
#include "util.h"

/* Bumped whenever the pipeline's output changes for the same settings, so
 * that old cache entries are not reused. */
#define PIPELINE_VERSION 4
#define SHARE_WIDTH 1200
#define SHARE_QUALITY 82
/* Bytes of a message about a photo, as long as a translation may make
 * it. */
#define MESSAGE_MAX 512

/* One source to process, and where it is named. */
struct work {
	const char *key;
	const char *fs_path;
	const char *rel_path; /* relative to the site folder, for the memo */
	struct pos pos;
	bool share;
	struct image_result *result;
};

/* What the cache remembers of a source file, so that a rebuild need not
 * even read it: its size and times, and the hash of its bytes. */
struct memo {
	char *path;
	long long size, mtime_ns, ino;
	char hash[33];
};

#define FOLDER_LOCKS 64

struct run {
	const struct model *m;
	struct images *im;
	struct diag *d;
	struct work *work;
	size_t nwork;
	struct memo *memo; /* the previous run's, sorted by path */
	size_t nmemo;
	struct memo *seen; /* this run's, one per work */
	const int *widths;
	size_t nwidths;
	int quality;
	int encoder;
	bool progress;
	atomic_size_t done, decoded;
	pthread_mutex_t lock;
	/* One photo's bytes may be named twice (a product's first image
	 * and, again, a producer's): the works of one cache folder take
	 * turns, by the folder's stripe of these, so that neither's info
	 * loses the entries the other wrote. */
	pthread_mutex_t folder_locks[FOLDER_LOCKS];
	struct timespec start, last;
};

/* ------------------------------------------------------------------ */
/* Pixels */

static bool too_big(long long w, long long h)
{
	return w < 1 || h < 1 || w > IMAGES_MAX_SIDE || h > IMAGES_MAX_SIDE ||
	       w * h > IMAGES_MAX_PIXELS;
}

/* The start of the warning about a harmless fault of a JPEG file, before
 * the JPEG library's message: the same words as tell_warning's. */
#define HARMLESS_JPEG "a harmless fault in the JPEG file, published as it is: "

static int size_error(char *err, size_t n, long long w, long long h)
{
	snprintf(err, n,
		 /* TRANSLATORS: a photo's width and height, then the largest
		  * side and the most megapixels ocopgen takes. */
		 _("%lldx%lld pixels is too large: at most %d pixels a side "
		   "and %lld megapixels"),
		 w, h, IMAGES_MAX_SIDE, IMAGES_MAX_PIXELS / 1000000);
	return -1;
}

int images_exif_orientation(const uint8_t *p, size_t n)
{
	/* A JPEG's APP1 block starts with "Exif\0\0"; PNG's eXIf chunk and
	 * WebP's EXIF chunk hold the TIFF structure alone. */
	if (n >= 6 && !memcmp(p, "Exif\0\0", 6)) {
		p += 6;
		n -= 6;
	}
	if (n < 8)
		return 1;
	const uint8_t *t = p;
	size_t tn = n;
	bool le = t[0] == 'I' && t[1] == 'I';
	if (!le && !(t[0] == 'M' && t[1] == 'M'))
		return 1;
#define U16(q)                                                                 \
	(le ? (uint32_t)(q)[0] | (uint32_t)(q)[1] << 8                         \
	    : (uint32_t)(q)[0] << 8 | (uint32_t)(q)[1])
#define U32(q) (le ? U16(q) | U16((q) + 2) << 16 : U16(q) << 16 | U16((q) + 2))
	uint32_t ifd = U32(t + 4);
	if (ifd > tn - 2 || ifd < 8)
		return 1;
	uint32_t count = U16(t + ifd);
	for (uint32_t i = 0; i < count; i++) {
		size_t e = ifd + 2 + (size_t)i * 12;
		if (e + 12 > tn)
			break;
		if (U16(t + e) == 0x0112) {
			uint32_t v = U16(t + e + 8);
			return v >= 1 && v <= 8 ? (int)v : 1;
		}
	}
#undef U32
#undef U16
	return 1;
}

/* Turns the picture upright, as EXIF orientation o asks. */
static int orient(struct images_picture *px, int o)
{
	if (o <= 1 || o > 8)
		return 0;
	int w = px->w, h = px->h;
	bool swap = o >= 5;
	int dw = swap ? h : w, dh = swap ? w : h;
	uint32_t *src = (uint32_t *)px->rgba;
	uint32_t *dst = malloc((size_t)w * (size_t)h * 4);
	if (!dst)
		return -1;
	for (int y = 0; y < dh; y++)
		for (int x = 0; x < dw; x++) {
			int sx, sy;
			switch (o) {
			case 2:
				sx = w - 1 - x;
				sy = y;
				break;
			case 3:
				sx = w - 1 - x;
				sy = h - 1 - y;
				break;
			case 4:
				sx = x;
				sy = h - 1 - y;
				break;
			case 5:
				sx = y;
				sy = x;
				break;
			case 6:
				sx = y;
				sy = h - 1 - x;
				break;
			case 7:
				sx = w - 1 - y;
				sy = h - 1 - x;
				break;
			default:
				sx = w - 1 - y;
				sy = x;
				break;
			}
			dst[(size_t)y * (size_t)dw + (size_t)x] =
				src[(size_t)sy * (size_t)w + (size_t)sx];
		}
	free(px->rgba);
	px->rgba = (uint8_t *)dst;
	px->w = dw;
	px->h = dh;
	return 0;
}

/* The end of a decode: with pixels, the picture turned upright; without
 * (a header read), the upright size alone. */
static int finish(struct images_picture *px, int w, int h, uint8_t *rgba, int o,
		  char *err, size_t errn)
{
	px->w = w;
	px->h = h;
	px->rgba = rgba;
	if (!rgba) {
		if (o >= 5) {
			px->w = h;
			px->h = w;
		}
		return 0;
	}
	if (orient(px, o) < 0) {
		free(px->rgba);
		px->rgba = NULL;
		snprintf(err, errn, "%s", _("out of memory"));
		return -1;
	}
	return 0;
}

struct jpeg_err {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];	/* the first harmful warning's */
	char harmless[JMSG_LENGTH_MAX]; /* the first harmless one's */
	int warnings;			/* harmful ones */
};

static void jpeg_fail(j_common_ptr c)
{
	struct jpeg_err *e = (struct jpeg_err *)c->err;
	/* After a harmful warning, the error is mostly its consequence (a
	 * table cut off by the end of the file): the warning is the cause,
	 * and what a header read that stops before the error reports. */
	if (!e->warnings)
		c->err->format_message(c, e->msg);
	longjmp(e->jump, 1);
}

/* libjpeg goes on past a fault it calls a warning, and makes up what it
 * could not read: a catalogue must not publish that. Only these leave the
 * picture whole:
 * - JWRN_EXTRANEOUS_DATA: bytes between two segments, skipped to reach
 *   the next marker (many phones pad the end of the scan before EOI);
 *   every block of the picture was decoded.
 * - JWRN_JFIF_MAJOR: a JFIF version number from the future; the JFIF
 *   marker carries no pixels.
 * - JWRN_NOT_SEQUENTIAL: progression parameters in the scan header of a
 *   sequential JPEG, which libjpeg ignores as the standard says.
 * These harm it, and stay errors: JWRN_JPEG_EOF (truncated; the rest is
 * made grey), JWRN_HIT_MARKER, JWRN_HUFF_BAD_CODE, JWRN_ARITH_BAD_CODE,
 * JWRN_MUST_RESYNC (damaged data, blocks lost), JWRN_BOGUS_PROGRESSION
 * (a progressive scan missing or repeated: blocks left coarse),
 * JWRN_ADOBE_XFORM (an unknown colour transform: the colours are
 * guessed). Any other code (JWRN_BOGUS_ICC, JWRN_TOO_MUCH_DATA and codes
 * of later versions) is taken as harmful too. */
static bool jpeg_harmless(int code)
{
	return code == JWRN_EXTRANEOUS_DATA || code == JWRN_JFIF_MAJOR ||
	       code == JWRN_NOT_SEQUENTIAL;
}

static void jpeg_warn(j_common_ptr c, int level)
{
	struct jpeg_err *e = (struct jpeg_err *)c->err;
	if (level >= 0)
		return;
	if (jpeg_harmless(c->err->msg_code)) {
		if (!e->harmless[0])
			c->err->format_message(c, e->harmless);
	} else if (!e->warnings++) {
		c->err->format_message(c, e->msg);
	}
}

/* The factor (1, 2, 4 or 8) a JPEG of w x h, upright by orientation o,
 * may be decoded smaller by, so that its upright width stays at least
 * min_width (0: full size): libjpeg scales in the DCT, which costs a
 * fraction of the memory and time of the whole picture. */
static int jpeg_shrink(long long w, long long h, int o, int min_width)
{
	long long upright = o >= 5 ? h : w;
	int d = 8;
	while (d > 1 && (min_width <= 0 || (upright + d - 1) / d < min_width))
		d /= 2;
	return d;
}

static int decode_jpeg(const uint8_t *data, size_t size, bool pixels,
		       int min_width, struct images_picture *px, char *err,
		       char *warning, size_t errn)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_err jerr;
	uint8_t *volatile rgba = NULL;
	uint8_t *volatile row = NULL;
	cinfo.err = jpeg_std_error(&jerr.pub);
	jerr.pub.error_exit = jpeg_fail;
	jerr.pub.emit_message = jpeg_warn;
	jerr.warnings = 0;
	jerr.msg[0] = '\0';
	jerr.harmless[0] = '\0';
	err[0] = '\0';
	if (setjmp(jerr.jump)) {
		if (!err[0])
			snprintf(err, errn,
				 /* TRANSLATORS: %s is the JPEG library's own
				  * message, in English. */
				 jerr.warnings ? _("the JPEG is truncated or "
						   "corrupt: %s")
					       : _("not a readable JPEG: %s"),
				 jerr.msg);
		jpeg_destroy_decompress(&cinfo);
		free(rgba);
		free(row);
		return -1;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, (unsigned long)size);
	jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xffff);
	jpeg_read_header(&cinfo, TRUE);
	long long w = cinfo.image_width, h = cinfo.image_height;
	long long full_w = w, full_h = h;
	if (too_big(w, h)) {
		jpeg_destroy_decompress(&cinfo);
		return size_error(err, errn, w, h);
	}
	/* APP1 also carries XMP, which cameras and editors write after the
	 * EXIF block: only the first EXIF block counts. */
	int o = 1;
	for (jpeg_saved_marker_ptr mk = cinfo.marker_list; mk; mk = mk->next)
		if (mk->marker == JPEG_APP0 + 1 && mk->data_length >= 6 &&
		    !memcmp(mk->data, "Exif\0\0", 6)) {
			o = images_exif_orientation(mk->data, mk->data_length);
			break;
		}
	if (pixels) {
		bool cmyk = cinfo.jpeg_color_space == JCS_CMYK ||
			    cinfo.jpeg_color_space == JCS_YCCK;
		cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
		cinfo.scale_num = 1;
		cinfo.scale_denom = (unsigned)jpeg_shrink(w, h, o, min_width);
		jpeg_start_decompress(&cinfo);
		w = cinfo.output_width;
		h = cinfo.output_height;
		int comps = cinfo.output_components;
		rgba = malloc((size_t)w * (size_t)h * 4);
		row = malloc((size_t)w * (size_t)comps);
		if (!rgba || !row) {
			snprintf(err, errn, "%s", _("out of memory"));
			longjmp(jerr.jump, 1);
		}
		/* Adobe writes CMYK inverted; its marker says so. */
		bool inverted = cmyk && cinfo.saw_Adobe_marker;
		while (cinfo.output_scanline < cinfo.output_height) {
			size_t y = cinfo.output_scanline;
			JSAMPROW rows[1] = {row};
			jpeg_read_scanlines(&cinfo, rows, 1);
			uint8_t *out = rgba + y * (size_t)w * 4;
			for (size_t x = 0; x < (size_t)w; x++) {
				const uint8_t *p = row + x * (size_t)comps;
				if (cmyk) {
					unsigned c = p[0], mg = p[1], ye = p[2],
						 k = p[3];
					if (!inverted) {
						c = 255 - c;
						mg = 255 - mg;
						ye = 255 - ye;
						k = 255 - k;
					}
					out[x * 4] = (uint8_t)(c * k / 255);
					out[x * 4 + 1] =
						(uint8_t)(mg * k / 255);
					out[x * 4 + 2] =
						(uint8_t)(ye * k / 255);
				} else {
					out[x * 4] = p[0];
					out[x * 4 + 1] = p[1];
					out[x * 4 + 2] = p[2];
				}
				out[x * 4 + 3] = 255;
			}
		}
		jpeg_finish_decompress(&cinfo);
	}
	/* A header read sees the warnings of the header only. */
	if (jerr.warnings) {
		snprintf(err, errn, _("the JPEG is truncated or corrupt: %s"),
			 jerr.msg);
		jpeg_destroy_decompress(&cinfo);
		free(rgba);
		free(row);
		return -1;
	}
	/* In English, whatever the language of messages: the cache keeps it
	 * (tell_warning translates it). */
	if (pixels && jerr.harmless[0])
		snprintf(warning, errn, HARMLESS_JPEG "%s", jerr.harmless);
	jpeg_destroy_decompress(&cinfo);
	free(row);
	int rc = finish(px, (int)w, (int)h, rgba, o, err, errn);
	/* The source's own size, upright, when it was read smaller. */
	px->source_w = (int)(o >= 5 ? full_h : full_w);
	px->source_h = (int)(o >= 5 ? full_w : full_h);
	return rc;
}

/* A walk over the chunks of a PNG up to IEND, before libpng sees them.
 * Sets *o to the orientation in the eXIf chunk, which libpng's simplified
 * API does not give (1 when there is none), and returns 0; or -1 when a
 * chunk runs past the end of the data: a cut file, or a length made up,
 * for which libpng would allocate and clear as many bytes as it says
 * (hundreds of megabytes for a file of a few hundred bytes). */
static int png_chunks(const uint8_t *data, size_t size, int *o)
{
	size_t at = 8;
	*o = 1;
	bool exif = false;
	while (size - at >= 8) {
		uint32_t len = (uint32_t)data[at] << 24 |
			       (uint32_t)data[at + 1] << 16 |
			       (uint32_t)data[at + 2] << 8 | data[at + 3];
		const uint8_t *type = data + at + 4;
		if (size - at < 12 || len > size - at - 12)
			return -1;
		if (!memcmp(type, "eXIf", 4) && !exif) {
			*o = images_exif_orientation(type + 4, len);
			exif = true;
		}
		if (!memcmp(type, "IEND", 4))
			break;
		at += 12 + (size_t)len;
	}
	return 0;
}

static int decode_png(const uint8_t *data, size_t size, bool pixels,
		      struct images_picture *px, char *err, size_t errn)
{
	int o;
	if (png_chunks(data, size, &o) < 0) {
		snprintf(err, errn, "%s",
			 _("the PNG is truncated or corrupt: a chunk runs "
			   "past the end of the file"));
		return -1;
	}
	png_image image;
	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&image, data, size)) {
		/* TRANSLATORS: %s is the PNG library's own message, in
		 * English. */
		snprintf(err, errn, _("not a readable PNG: %s"), image.message);
		return -1;
	}
	if (too_big(image.width, image.height)) {
		png_image_free(&image);
		return size_error(err, errn, image.width, image.height);
	}
	if (!pixels) {
		png_image_free(&image);
		return finish(px, (int)image.width, (int)image.height, NULL, o,
			      err, errn);
	}
	/* 16-bit samples without a gAMA or sRGB chunk are sRGB, as every
	 * browser and editor takes them; libpng would take them as linear
	 * and publish the picture much too light. */
	image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
	image.format = PNG_FORMAT_RGBA;
	uint8_t *rgba = malloc(PNG_IMAGE_SIZE(image));
	if (!rgba) {
		png_image_free(&image);
		snprintf(err, errn, "%s", _("out of memory"));
		return -1;
	}
	if (!png_image_finish_read(&image, NULL, rgba, 0, NULL)) {
		snprintf(err, errn, _("the PNG is truncated or corrupt: %s"),
			 image.message);
		free(rgba);
		return -1;
	}
	return finish(px, (int)image.width, (int)image.height, rgba, o, err,
		      errn);
}

/* The orientation in a WebP's EXIF chunk. The demuxer reads the chunks of
 * the whole file, without decoding: returns -1 when they are cut short or
 * do not add up. */
static int webp_orientation(const uint8_t *data, size_t size)
{
	WebPData whole = {data, size};
	WebPDemuxer *dmux = WebPDemux(&whole);
	if (!dmux)
		return -1;
	int o = 1;
	WebPChunkIterator it;
	if ((WebPDemuxGetI(dmux, WEBP_FF_FORMAT_FLAGS) & EXIF_FLAG) &&
	    WebPDemuxGetChunk(dmux, "EXIF", 1, &it)) {
		o = images_exif_orientation(it.chunk.bytes, it.chunk.size);
		WebPDemuxReleaseChunkIterator(&it);
	}
	WebPDemuxDelete(dmux);
	return o;
}

static int decode_webp(const uint8_t *data, size_t size, bool pixels,
		       struct images_picture *px, char *err, size_t errn)
{
	WebPBitstreamFeatures f;
	if (WebPGetFeatures(data, size, &f) != VP8_STATUS_OK) {
		snprintf(err, errn, "%s", _("not a readable WebP file"));
		return -1;
	}
	if (f.has_animation) {
		snprintf(err, errn, "%s",
			 _("animated WebP is not supported; export a still "
			   "image"));
		return -1;
	}
	if (too_big(f.width, f.height))
		return size_error(err, errn, f.width, f.height);
	int o = webp_orientation(data, size);
	if (o < 0) {
		snprintf(err, errn, "%s",
			 _("the WebP file is truncated or corrupt"));
		return -1;
	}
	if (!pixels)
		return finish(px, f.width, f.height, NULL, o, err, errn);
	size_t stride = (size_t)f.width * 4;
	uint8_t *rgba = malloc(stride * (size_t)f.height);
	if (!rgba) {
		snprintf(err, errn, "%s", _("out of memory"));
		return -1;
	}
	if (!WebPDecodeRGBAInto(data, size, rgba, stride * (size_t)f.height,
				(int)stride)) {
		snprintf(err, errn, "%s",
			 _("the WebP file is truncated or corrupt"));
		free(rgba);
		return -1;
	}
	return finish(px, f.width, f.height, rgba, o, err, errn);
}

/* Formats a photo may come in that ocopgen does not read. */
enum other_format {
	OTHER_UNKNOWN,
	OTHER_HEIC, /* an iPhone's photo */
	OTHER_HEIF, /* the same container, of another phone or program */
	OTHER_AVIF,
	OTHER_VIDEO, /* MP4, MOV, 3GP */
	OTHER_GIF,
	OTHER_BMP,
	OTHER_TIFF, /* also a camera's raw photo: NEF, CR2, DNG, ARW */
	OTHER_PDF,
};

static bool brand_in(const uint8_t *brand, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!memcmp(brand, list[i], 4))
			return true;
	return false;
}

/* What an ISO base media file is by the brands of its "ftyp" box, the
 * first: its major brand (bytes 8..11), then its compatible ones. */
static enum other_format iso_format(const uint8_t *data, size_t size)
{
	static const char *const heic[] = {"heic", "heix", "heim",
					   "heis", "hevc", "hevx",
					   "hevm", "hevs", NULL};
	static const char *const heif[] = {"mif1", "msf1", "mif2", NULL};
	static const char *const avif[] = {"avif", "avis", NULL};
	static const char *const video[] = {
		"isom", "iso2", "iso4", "iso5", "iso6", "mp41",
		"mp42", "avc1", "M4V ", "M4VH", "M4VP", "qt  ",
		"3gp4", "3gp5", "3gp6", "3g2a", "MSNV", NULL};
	size_t box = (size_t)data[0] << 24 | (size_t)data[1] << 16 |
		     (size_t)data[2] << 8 | data[3];
	if (box < 16 || box > size)
		box = size;
	const uint8_t *major = data + 8;
	if (brand_in(major, heic))
		return OTHER_HEIC;
	if (brand_in(major, avif))
		return OTHER_AVIF;
	enum other_format found = brand_in(major, heif)	   ? OTHER_HEIF
				  : brand_in(major, video) ? OTHER_VIDEO
							   : OTHER_UNKNOWN;
	/* A still image's major brand may be generic ("mif1"); its
	 * compatible brands tell the coding. */
	for (size_t at = 16; at + 4 <= box; at += 4) {
		if (brand_in(data + at, heic))
			return OTHER_HEIC;
		if (brand_in(data + at, avif))
			return OTHER_AVIF;
		if (found == OTHER_UNKNOWN && brand_in(data + at, heif))
			found = OTHER_HEIF;
	}
	return found;
}

/* The format of a file that is no JPEG, PNG or WebP, by its first
 * bytes. */
static enum other_format sniff_other(const uint8_t *data, size_t size)
{
	if (size >= 12 && !memcmp(data + 4, "ftyp", 4))
		return iso_format(data, size);
	if (size >= 6 &&
	    (!memcmp(data, "GIF87a", 6) || !memcmp(data, "GIF89a", 6)))
		return OTHER_GIF;
	/* "BM", then at 14 the size of the header that follows the file's
	 * own, little-endian: 12, 40, 52, 56, 64, 108 or 124 bytes. */
	if (size >= 18 && data[0] == 'B' && data[1] == 'M' && !data[15] &&
	    !data[16] && !data[17])
		switch (data[14]) {
		case 12:
		case 40:
		case 52:
		case 56:
		case 64:
		case 108:
		case 124:
			return OTHER_BMP;
		}
	if (size >= 4 &&
	    (!memcmp(data, "II*\0", 4) || !memcmp(data, "MM\0*", 4)))
		return OTHER_TIFF;
	if (size >= 5 && !memcmp(data, "%PDF-", 5))
		return OTHER_PDF;
	return OTHER_UNKNOWN;
}

/* Why a file is no photo ocopgen reads, and what to put in its place. */
static void other_format(const uint8_t *data, size_t size, char *err,
			 size_t errn)
{
	const char *name = NULL;
	enum other_format f = size ? sniff_other(data, size) : OTHER_UNKNOWN;
	switch (f) {
	case OTHER_HEIC:
	case OTHER_HEIF:
		snprintf(err, errn,
			 /* TRANSLATORS: %s is "HEIC" or "HEIF"; the menu is
			  * the iPhone's, as its language names it. */
			 _("the file is a %s photo (an iPhone's format), not "
			   "a JPEG, PNG or WebP: export it as JPEG and "
			   "replace the file with that; for the next photos, "
			   "choose on the iPhone Settings > Camera > Formats "
			   "> Most Compatible"),
			 f == OTHER_HEIC ? "HEIC" : "HEIF");
		return;
	case OTHER_VIDEO:
		snprintf(err, errn, "%s",
			 _("the file is a video (MP4 or MOV), not a photo: "
			   "replace it with a photo saved as JPEG"));
		return;
	case OTHER_PDF:
		snprintf(err, errn, "%s",
			 _("the file is a PDF document, not a photo: replace "
			   "it with the photo itself, saved as JPEG"));
		return;
	case OTHER_AVIF:
		name = "AVIF";
		break;
	case OTHER_GIF:
		name = "GIF";
		break;
	case OTHER_BMP:
		name = "BMP";
		break;
	case OTHER_TIFF:
		name = "TIFF";
		break;
	case OTHER_UNKNOWN:
		break;
	}
	if (name)
		snprintf(err, errn,
			 /* TRANSLATORS: %s is the name of an image format:
			  * "GIF", "BMP", "TIFF", "AVIF". */
			 _("the file is an image in the %s format, not a "
			   "JPEG, PNG or WebP: open it, save it as JPEG, and "
			   "replace the file with that"),
			 name);
	else if (size)
		snprintf(err, errn, "%s",
			 _("not a JPEG, PNG or WebP image: replace the file "
			   "with the photo, saved as JPEG"));
	else
		snprintf(err, errn, "%s", _("the file is empty"));
}

/* Decodes by content, not by name: a .jpg that holds a PNG still works.
 * Without pixels, reads the header only, gives the same message for every
 * fault it finds there, and no warning (warning may be NULL). */
static int decode(const uint8_t *data, size_t size, bool pixels, int min_width,
		  struct images_picture *px, char *err, char *warning,
		  size_t errn)
{
	memset(px, 0, sizeof(*px));
	err[0] = '\0';
	if (warning)
		warning[0] = '\0';
	int rc;
	if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		rc = decode_jpeg(data, size, pixels, min_width, px, err,
				 warning, errn);
	else if (size >= 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8))
		rc = decode_png(data, size, pixels, px, err, errn);
	else if (size >= 12 && !memcmp(data, "RIFF", 4) &&
		 !memcmp(data + 8, "WEBP", 4))
		rc = decode_webp(data, size, pixels, px, err, errn);
	else {
		other_format(data, size, err, errn);
		return -1;
	}
	if (!px->source_w) {
		px->source_w = px->w;
		px->source_h = px->h;
	}
	return rc;
}

int images_decode(const uint8_t *data, size_t size, struct images_picture *pic,
		  char *err, char *warning, size_t n)
{
	return decode(data, size, true, 0, pic, err, warning, n);
}

int images_decode_at(const uint8_t *data, size_t size, int min_width,
		     struct images_picture *pic, char *err, char *warning,
		     size_t n)
{
	return decode(data, size, true, min_width, pic, err, warning, n);
}

long long images_decode_pixels(const uint8_t *data, size_t size, int min_width)
{
	struct images_picture pic;
	char err[8];
	if (decode(data, size, false, 0, &pic, err, NULL, sizeof(err)) < 0)
		return 0;
	long long px = (long long)pic.w * pic.h;
	/* JPEG alone is decoded smaller; the header says it is one. The
	 * upright width is pic.w, so the orientation is 1 here. */
	if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8) {
		int d = jpeg_shrink(pic.w, pic.h, 1, min_width);
		px = ((pic.w + d - 1) / d) * (long long)((pic.h + d - 1) / d);
	}
	return px;
}

int images_inspect(const uint8_t *data, size_t size, int *width, int *height,
		   char *err, size_t n)
{
	struct images_picture pic;
	int rc = decode(data, size, false, 0, &pic, err, NULL, n);
	*width = pic.w;
	*height = pic.h;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Encoding */

static int encode_webp(const WebPPicture *src, int w, int h, int quality,
		       struct buf *out)
{
	WebPPicture pic;
	WebPConfig config;
	if (!WebPPictureInit(&pic) || !WebPPictureCopy(src, &pic))
		return -1;
	int rc = -1;
	WebPMemoryWriter writer;
	WebPMemoryWriterInit(&writer);
	if ((w != pic.width || h != pic.height) &&
	    !WebPPictureRescale(&pic, w, h))
		goto done;
	if (!WebPConfigPreset(&config, WEBP_PRESET_PHOTO, (float)quality) ||
	    !WebPValidateConfig(&config))
		goto done;
	pic.writer = WebPMemoryWrite;
	pic.custom_ptr = &writer;
	if (!WebPEncode(&config, &pic))
		goto done;
	buf_add(out, writer.mem, writer.size);
	rc = 0;
done:
	WebPMemoryWriterClear(&writer);
	WebPPictureFree(&pic);
	return rc;
}

struct jpeg_out_err {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
};

static void jpeg_out_fail(j_common_ptr c)
{
	longjmp(((struct jpeg_out_err *)c->err)->jump, 1);
}

/* The link-preview JPEG, flattened on white. */
static int encode_share(const WebPPicture *src, int w, int h, struct buf *out)
{
	WebPPicture pic;
	if (!WebPPictureInit(&pic) || !WebPPictureCopy(src, &pic))
		return -1;
	if ((w != pic.width || h != pic.height) &&
	    !WebPPictureRescale(&pic, w, h)) {
		WebPPictureFree(&pic);
		return -1;
	}
	struct jpeg_compress_struct cinfo;
	struct jpeg_out_err jerr;
	unsigned char *volatile mem = NULL;
	unsigned long memsize = 0;
	uint8_t *volatile row = malloc((size_t)w * 3);
	cinfo.err = jpeg_std_error(&jerr.pub);
	jerr.pub.error_exit = jpeg_out_fail;
	if (!row || setjmp(jerr.jump)) {
		jpeg_destroy_compress(&cinfo);
		free(row);
		free(mem);
		WebPPictureFree(&pic);
		return -1;
	}
	jpeg_create_compress(&cinfo);
	unsigned char *m = NULL;
	jpeg_mem_dest(&cinfo, &m, &memsize);
	cinfo.image_width = (JDIMENSION)w;
	cinfo.image_height = (JDIMENSION)h;
	cinfo.input_components = 3;
	cinfo.in_color_space = JCS_RGB;
	jpeg_set_defaults(&cinfo);
	jpeg_set_quality(&cinfo, SHARE_QUALITY, TRUE);
	cinfo.optimize_coding = TRUE;
	jpeg_start_compress(&cinfo, TRUE);
	while (cinfo.next_scanline < cinfo.image_height) {
		const uint32_t *argb =
			pic.argb +
			(size_t)cinfo.next_scanline * (size_t)pic.argb_stride;
		for (int x = 0; x < w; x++) {
			uint32_t p = argb[x];
			unsigned a = p >> 24;
			for (int c = 0; c < 3; c++) {
				unsigned v = (p >> (16 - 8 * c)) & 0xFF;
				row[x * 3 + c] =
					(uint8_t)((v * a + 255 * (255 - a)) /
						  255);
			}
		}
		JSAMPROW rows[1] = {row};
		jpeg_write_scanlines(&cinfo, rows, 1);
	}
	jpeg_finish_compress(&cinfo);
	mem = m;
	buf_add(out, mem, memsize);
	jpeg_destroy_compress(&cinfo);
	free(mem);
	free(row);
	WebPPictureFree(&pic);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Cache */

/*
 * The cache is never trusted blindly: a disk that filled up, a copy cut
 * short or a file edited by mistake must not reach the site. Each source's
 * folder holds `info`: the source's upright size, then every entry made
 * from it with its size, modification time and XXH3 hash. It is written
 * last, atomically, once its entries are in place, so an entry that it
 * does not list (a build killed, or a disk full, before info) is made
 * again. info and the memo `sources` begin with a line holding the hash of
 * the rest, so that a damaged one is known for what it is, and ignored.
 *
 * Each build stats every entry it needs, as it must to know it is there:
 * an entry of another size is made again, one whose time changed (written
 * over, copied) is read and its hash compared. Reading every entry at every
 * build would make a rebuild of 10,000 products with nothing new read
 * gigabytes. A damage that keeps both size and time (bits rotting on the
 * disk) is found when the entry's bytes are read to be published, which
 * images_read_entry checks against the hash: the render stage reads an
 * entry only when the output lacks it, and the copy that the output holds
 * (a file of its own, never a link to the cache) was checked when it was
 * published.
 */
#define INFO_HEADER "ocopgen-cache-info 1"
#define SOURCES_HEADER "ocopgen-sources 1"
/* The WebP widths of a source (plan_widths), and its JPEG. */
#define MAX_ENTRIES 17

/* What a file written by write_checked turned out to be. */
enum checked { CHECKED_NONE, CHECKED_OK, CHECKED_DAMAGED };

/* The line that begins a checked file: its header and the hash of body. */
static void checked_line(struct buf *b, const char *header, const char *body,
			 size_t len)
{
	buf_printf(b, "%s %016llx\n", header,
		   (unsigned long long)XXH3_64bits(body, len));
}

/* Reads the body of a file that write_checked wrote with header. NONE when
 * there is none, or when it is of the format before (old_format, when not
 * NULL, says so of its text). */
static enum checked read_checked(const char *path, const char *header,
				 bool (*old_format)(const char *text),
				 struct buf *body)
{
	struct buf b = BUF_INIT, line = BUF_INIT;
	buf_reset(body);
	enum checked rc = CHECKED_DAMAGED;
	if (buf_read_file(&b, path) < 0) {
		rc = errno == ENOENT ? CHECKED_NONE : CHECKED_DAMAGED;
		goto done;
	}
	const char *nl = memchr(b.data, '\n', b.len);
	if (nl) {
		size_t start = (size_t)(nl - b.data) + 1;
		checked_line(&line, header, b.data + start, b.len - start);
		if (line.len == start && !memcmp(line.data, b.data, start)) {
			buf_add(body, b.data + start, b.len - start);
			rc = CHECKED_OK;
			goto done;
		}
	}
	if (old_format && strlen(b.data) == b.len && old_format(b.data))
		rc = CHECKED_NONE;
done:
	buf_release(&b);
	buf_release(&line);
	return rc;
}

/* Writes body under header, whole or not at all. Returns 0, or -1 with
 * errno. */
static int write_checked(const char *path, const char *header,
			 const struct buf *body)
{
	struct buf b = BUF_INIT;
	checked_line(&b, header, body->data, body->len);
	buf_add(&b, body->data, body->len);
	int rc = fs_write_atomic(path, b.data, b.len);
	int e = errno;
	buf_release(&b);
	errno = e;
	return rc;
}

static void hash_hex(XXH128_hash_t h, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
}

static bool hex_hash(const char *s, XXH128_hash_t *h)
{
	char half[17];
	if (strlen(s) != 32 || strspn(s, "0123456789abcdef") != 32)
		return false;
	memcpy(half, s, 16);
	half[16] = '\0';
	h->high64 = strtoull(half, NULL, 16);
	h->low64 = strtoull(s + 16, NULL, 16);
	return true;
}

/* An entry of a source's folder, as info records it. */
struct entry_record {
	char name[64];
	long long size, mtime_ns;
	XXH128_hash_t hash;
};

struct info {
	int width, height; /* 0 when unknown */
	struct entry_record e[MAX_ENTRIES];
	size_t n;
	/* The harmless fault the decode worked past ("" when none), told
	 * again at each build that uses the entries. */
	char warning[MESSAGE_MAX];
};

/* info as ocopgen 0.1 wrote it: the size alone. */
static bool old_info(const char *text)
{
	int w, h, n = 0;
	return sscanf(text, "%d %d\n%n", &w, &h, &n) == 2 &&
	       (size_t)n == strlen(text);
}

/* Reads a source's info into in; its width is 0 unless it is whole. */
static enum checked read_info(const char *path, struct info *in)
{
	struct buf body = BUF_INIT;
	memset(in, 0, sizeof(*in));
	enum checked rc = read_checked(path, INFO_HEADER, old_info, &body);
	if (rc != CHECKED_OK)
		goto done;
	char *save = NULL;
	char *line = strtok_r(body.data, "\n", &save);
	if (!line || sscanf(line, "%d %d", &in->width, &in->height) != 2 ||
	    in->width < 1 || in->height < 1) {
		rc = CHECKED_DAMAGED;
		goto done;
	}
	while ((line = strtok_r(NULL, "\n", &save))) {
		struct entry_record *e = &in->e[in->n];
		if (!strncmp(line, "warning ", 8)) {
			snprintf(in->warning, sizeof(in->warning), "%s",
				 line + 8);
			continue;
		}
		char hash[33];
		if (in->n == MAX_ENTRIES ||
		    sscanf(line, "%lld %lld %32s %63s", &e->size, &e->mtime_ns,
			   hash, e->name) != 4 ||
		    !hex_hash(hash, &e->hash)) {
			rc = CHECKED_DAMAGED;
			goto done;
		}
		in->n++;
	}
done:
	if (rc != CHECKED_OK)
		memset(in, 0, sizeof(*in));
	buf_release(&body);
	return rc;
}

static int write_info(const char *path, const struct info *in)
{
	struct buf body = BUF_INIT;
	buf_printf(&body, "%d %d\n", in->width, in->height);
	for (size_t i = 0; i < in->n; i++) {
		char hash[33];
		hash_hex(in->e[i].hash, hash);
		buf_printf(&body, "%lld %lld %s %s\n", in->e[i].size,
			   in->e[i].mtime_ns, hash, in->e[i].name);
	}
	if (in->warning[0])
		buf_printf(&body, "warning %s\n", in->warning);
	int rc = write_checked(path, INFO_HEADER, &body);
	int e = errno;
	buf_release(&body);
	errno = e;
	return rc;
}

static const struct entry_record *info_find(const struct info *in,
					    const char *name)
{
	for (size_t i = 0; i < in->n; i++)
		if (!strcmp(in->e[i].name, name))
			return &in->e[i];
	return NULL;
}

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL +
	       st->st_mtim.tv_nsec;
}

static void warn_damaged(struct diag *d, const char *path, const char *why)
{
	diag_warning(d, pos_folder(path),
		     "the image cache entry is damaged (%s); it is made again",
		     why);
}

/* Whether the entry path may be used as it is: recorded in old with the
 * size, time and bytes it has. Then sets *rec (its time updated, and
 * *changed set, when only that differs). A damaged entry is removed, with
 * a warning. */
static bool entry_good(struct diag *d, const struct info *old, const char *path,
		       const char *name, struct entry_record *rec,
		       bool *changed)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return false;
	const struct entry_record *o = info_find(old, name);
	/* Whole (written atomically), but never recorded: its build ended
	 * before info was written. */
	if (!o)
		return false;
	char why[256] = "";
	if (!S_ISREG(st.st_mode) || st.st_size != o->size) {
		/* TRANSLATORS: why an entry of the image cache is damaged:
		 * its size, and the size it was made with. */
		snprintf(why, sizeof(why), _("%lld bytes, not %lld"),
			 (long long)st.st_size, o->size);
	} else if (mtime_ns(&st) != o->mtime_ns) {
		struct buf b = BUF_INIT;
		XXH128_hash_t h = {0, 0};
		bool read = buf_read_file(&b, path) == 0;
		if (read)
			h = XXH3_128bits(b.data, b.len);
		buf_release(&b);
		if (read && h.low64 == o->hash.low64 &&
		    h.high64 == o->hash.high64) {
			*rec = *o;
			rec->mtime_ns = mtime_ns(&st);
			*changed = true;
			return true;
		}
		snprintf(why, sizeof(why), "%s",
			 _("its bytes are not those it was made with"));
	} else {
		*rec = *o;
		return true;
	}
	warn_damaged(d, path, why);
	unlink(path);
	return false;
}

/* Writes an entry made now, and records it in rec. Returns 0, or -1 with
 * errno. */
static int entry_write(const char *path, const char *name,
		       const struct buf *data, struct entry_record *rec)
{
	struct stat st;
	if (fs_write_atomic(path, data->data, data->len) < 0 ||
	    stat(path, &st) < 0)
		return -1;
	snprintf(rec->name, sizeof(rec->name), "%s", name);
	rec->size = (long long)st.st_size;
	rec->mtime_ns = mtime_ns(&st);
	rec->hash = XXH3_128bits(data->data, data->len);
	return 0;
}

static int memo_cmp(const void *a, const void *b)
{
	return strcmp(((const struct memo *)a)->path,
		      ((const struct memo *)b)->path);
}

static const char *memo_file(struct run *r)
{
	return arena_printf(&r->im->arena, "%s/sources", r->im->cache_dir);
}

/* One line of the memo into mm (its path malloc'd). */
static bool memo_line(const char *line, struct memo *mm)
{
	char path[4000];
	if (sscanf(line, "%lld %lld %lld %32s %3999[^\n]", &mm->size,
		   &mm->mtime_ns, &mm->ino, mm->hash, path) != 5 ||
	    strlen(mm->hash) != 32)
		return false;
	mm->path = xstrdup(path);
	return true;
}

/* The memo as ocopgen 0.1 wrote it, without its first line. */
static bool old_memo(const char *text)
{
	struct memo mm;
	if (!memo_line(text, &mm))
		return false;
	free(mm.path);
	return true;
}

static void memo_load(struct run *r)
{
	struct buf body = BUF_INIT;
	const char *path = memo_file(r);
	if (read_checked(path, SOURCES_HEADER, old_memo, &body) ==
	    CHECKED_DAMAGED)
		diag_warning(r->d, pos_folder(path),
			     "the image cache's record of the photos is "
			     "damaged; every photo is read again");
	size_t cap = 0;
	char *save = NULL;
	for (char *line = strtok_r(body.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct memo mm;
		if (!memo_line(line, &mm))
			continue;
		XGROW(r->memo, r->nmemo, cap);
		r->memo[r->nmemo++] = mm;
	}
	buf_release(&body);
	if (r->nmemo)
		qsort(r->memo, r->nmemo, sizeof(*r->memo), memo_cmp);
}

static void memo_save(struct run *r)
{
	struct buf b = BUF_INIT;
	struct memo *sorted = xmalloc((r->nwork + 1) * sizeof(*sorted));
	size_t n = 0;
	for (size_t i = 0; i < r->nwork; i++)
		if (r->seen[i].path)
			sorted[n++] = r->seen[i];
	qsort(sorted, n, sizeof(*sorted), memo_cmp);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(sorted[i].path, sorted[i - 1].path))
			buf_printf(&b, "%lld %lld %lld %s %s\n", sorted[i].size,
				   sorted[i].mtime_ns, sorted[i].ino,
				   sorted[i].hash, sorted[i].path);
	write_checked(memo_file(r), SOURCES_HEADER, &b);
	free(sorted);
	buf_release(&b);
}

/* The hash of a source's bytes: from the memo when its size, time and
 * inode are unchanged, else read. Fills data when it had to read. */
static int source_hash(struct run *r, struct work *w, struct memo *seen,
		       struct buf *data)
{
	struct stat st;
	if (stat(w->fs_path, &st) < 0)
		return -1;
	seen->path = (char *)w->rel_path;
	seen->size = (long long)st.st_size;
	seen->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
			 st.st_mtim.tv_nsec;
	seen->ino = (long long)st.st_ino;
	struct memo key = {.path = (char *)w->rel_path};
	struct memo *old = r->nmemo ? bsearch(&key, r->memo, r->nmemo,
					      sizeof(*r->memo), memo_cmp)
				    : NULL;
	if (old && old->size == seen->size && old->mtime_ns == seen->mtime_ns &&
	    old->ino == seen->ino) {
		memcpy(seen->hash, old->hash, sizeof(seen->hash));
		return 0;
	}
	if (buf_read_file(data, w->fs_path) < 0)
		return -1;
	XXH128_hash_t h = XXH3_128bits(data->data, data->len);
	snprintf(seen->hash, sizeof(seen->hash), "%016llx%016llx",
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
	return 0;
}

/* ------------------------------------------------------------------ */
/* One source */

/* The widths to make for a source w pixels wide: the configured ones that
 * are narrower, and the source's own width when it is narrower than the
 * widest configured one. */
static size_t plan_widths(const struct run *r, int w, int *out)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nwidths; i++)
		if (r->widths[i] < w)
			out[n++] = r->widths[i];
	if (!n || r->widths[r->nwidths - 1] >= w)
		out[n++] = w;
	return n;
}

static int scaled(int v, int num, int den)
{
	long long s = ((long long)v * num + den / 2) / den;
	return s < 1 ? 1 : (int)s;
}

static void show_progress(struct run *r, bool last)
{
	if (!r->progress)
		return;
	pthread_mutex_lock(&r->lock);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double since = (double)(now.tv_sec - r->last.tv_sec) +
		       (double)(now.tv_nsec - r->last.tv_nsec) / 1e9;
	size_t done = atomic_load(&r->done);
	size_t decoded = atomic_load(&r->decoded);
	if ((since >= 0.1 && decoded) || (last && decoded)) {
		double elapsed = (double)(now.tv_sec - r->start.tv_sec) +
				 (double)(now.tv_nsec - r->start.tv_nsec) / 1e9;
		double left = done ? elapsed / (double)done *
					      (double)(r->nwork - done)
				   : 0;
		fputc('\r', stderr);
		/* TRANSLATORS: the progress of the photos: how many are
		 * done, of how many, and the seconds left. */
		fprintf(stderr, _("images: %zu/%zu, %.0f s left"), done,
			r->nwork, left);
		fputs(last ? "   \n" : "   ", stderr);
		r->last = now;
	}
	pthread_mutex_unlock(&r->lock);
}

/* The source as its record names it: "images/a.jpg". */
static const char *source_name(const struct work *w)
{
	const char *file = strchr(w->key + strlen("media/"), '/');
	file = file ? strchr(file + 1, '/') : NULL;
	return file ? file + 1 : w->key;
}

/* Tells the harmless fault a decode worked past (struct info's warning),
 * of the photo source, in the language of messages: the cache keeps it in
 * English, whatever the language of the build that made it. */
static void tell_warning(struct diag *d, struct pos pos, const char *source,
			 const char *warning)
{
	size_t n = strlen(HARMLESS_JPEG);
	if (!strncmp(warning, HARMLESS_JPEG, n))
		diag_warning(d, pos,
			     /* TRANSLATORS: the photo's name, then the JPEG
			      * library's own message, in English. */
			     "%s: a harmless fault in the JPEG file, "
			     "published as it is: %s",
			     source, warning + n);
	else
		diag_warning(d, pos, "%s: %s", source, warning);
}

static void fail(struct run *r, struct work *w, const char *msg)
{
	diag_error(r->d, w->pos, "%s: %s", source_name(w), msg);
}

static void fail_errno(struct run *r, struct work *w, int errnum)
{
	diag_error_errno(r->d, w->pos, errnum, "%s", source_name(w));
}

/* The cache could not be written: a fault of the disk, not of the photo. */
static void fail_cache_write(struct run *r, int errnum)
{
	diag_write_error(r->d, pos_folder(r->im->cache_dir), errnum,
			 "cannot write to the image cache");
}

struct images_budget {
	pthread_mutex_t lock;
	pthread_cond_t roomy;
	long long left; /* of IMAGES_DECODE_BUDGET */
};

/* Takes from the budget what decoding the photo data needs (by its
 * header; 0 when it has none, and the decode says why), waiting while
 * other photos hold it. Returns what was taken, to give back. */
static long long budget_take(struct images_budget *b, const struct buf *data,
			     int min_width)
{
	long long need = b ? images_decode_pixels((const uint8_t *)data->data,
						  data->len, min_width) *
					 IMAGES_DECODE_BYTES
			   : 0;
	if (!need)
		return 0;
	pthread_mutex_lock(&b->lock);
	/* More than the whole budget: alone, when nothing else is held. */
	while (b->left < need && b->left < IMAGES_DECODE_BUDGET)
		pthread_cond_wait(&b->roomy, &b->lock);
	long long taken = need < b->left ? need : b->left;
	b->left -= taken;
	pthread_mutex_unlock(&b->lock);
	return taken;
}

static void budget_give(struct images_budget *b, long long taken)
{
	if (!b || !taken)
		return;
	pthread_mutex_lock(&b->lock);
	b->left += taken;
	pthread_cond_broadcast(&b->roomy);
	pthread_mutex_unlock(&b->lock);
}

/* Decodes a photo's bytes into pic, upright, no narrower than min_width
 * where the photo is wider (free it with WebPPictureFree); the photo's
 * own upright size in *source_w and *source_h, when not NULL. Returns 0 with a
 * harmless fault worked past in warning ("" when none), or -1 with the reason
 * in err. err and warning hold errn bytes each. */
static int load_picture(const struct buf *data, int min_width, WebPPicture *pic,
			int *source_w, int *source_h, char *err, char *warning,
			size_t errn)
{
	struct images_picture px = {0};
	if (images_decode_at((const uint8_t *)data->data, data->len, min_width,
			     &px, err, warning, errn) < 0)
		return -1;
	if (source_w) {
		*source_w = px.source_w;
		*source_h = px.source_h;
	}
	int rc = -1;
	if (!WebPPictureInit(pic)) {
		snprintf(err, errn, "%s", _("the WebP library does not match"));
		goto done;
	}
	pic->use_argb = 1;
	pic->width = px.w;
	pic->height = px.h;
	if (!WebPPictureImportRGBA(pic, px.rgba, px.w * 4)) {
		WebPPictureFree(pic);
		snprintf(err, errn, "%s", _("out of memory"));
		goto done;
	}
	rc = 0;
done:
	free(px.rgba);
	return rc;
}

/* The bytes of a variant, from its picture. Returns 0, or -1. */
static int encode_entry(const WebPPicture *pic, const struct image_variant *v,
			int quality, struct buf *out)
{
	buf_reset(out);
	return v->jpeg ? encode_share(pic, v->width, v->height, out)
		       : encode_webp(pic, v->width, v->height, quality, out);
}

/* Which of the folder locks a cache folder takes: by its name, a hash in
 * hex. */
static size_t folder_stripe(const char *hash)
{
	size_t v = 0;
	for (size_t i = 0; i < 4 && hash[i]; i++)
		v = v * 16 + (size_t)(isdigit((unsigned char)hash[i])
					      ? hash[i] - '0'
					      : (hash[i] | 0x20) - 'a' + 10);
	return v % FOLDER_LOCKS;
}

static void process(void *ctx, size_t index, int worker)
{
	(void)worker;
	struct run *r = ctx;
	struct work *w = &r->work[index];
	struct image_result *res = w->result;
	struct buf data = BUF_INIT, enc = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct info old, now;
	char err[MESSAGE_MAX], warning[sizeof(now.warning)] = "";
	WebPPicture pic;
	bool have_pic = false;
	long long budget = 0;
	int source_w = 0, source_h = 0;
	pthread_mutex_t *folder_lock = NULL;
	if (source_hash(r, w, &r->seen[index], &data) < 0) {
		fail_errno(r, w, errno);
		goto done;
	}
	const char *dir = arena_printf(&a, "%s/%s", r->im->cache_dir,
				       r->seen[index].hash);
	const char *info = arena_printf(&a, "%s/info", dir);
	folder_lock = &r->folder_locks[folder_stripe(r->seen[index].hash)];
	pthread_mutex_lock(folder_lock);
	if (read_info(info, &old) == CHECKED_DAMAGED)
		/* TRANSLATORS: why an entry of the image cache is
		 * damaged. */
		warn_damaged(r->d, info, _("its record cannot be read"));
	/* The size comes from info, or else from the photo. */
	if (!old.width) {
		if (!data.len && buf_read_file(&data, w->fs_path) < 0) {
			fail_errno(r, w, errno);
			goto done;
		}
		budget = budget_take(r->im->budget, &data, r->im->decode_width);
		if (load_picture(&data, r->im->decode_width, &pic, &source_w,
				 &source_h, err, warning, sizeof(err)) < 0) {
			fail(r, w, err);
			goto done;
		}
		atomic_fetch_add(&r->decoded, 1);
		have_pic = true;
	}
	memset(&now, 0, sizeof(now));
	/* The source's own size, not the one decoded. */
	now.width = have_pic ? source_w : old.width;
	now.height = have_pic ? source_h : old.height;
	memcpy(now.warning, have_pic ? warning : old.warning,
	       sizeof(now.warning));
	/* Everything this source needs, named by the settings and the
	 * encoder version that make it. */
	int widths[16];
	size_t nw = plan_widths(r, now.width, widths);
	res->width = now.width;
	res->height = now.height;
	res->nvariants = nw;
	pthread_mutex_lock(&r->lock);
	res->variants = arena_alloc(&r->im->arena, nw * sizeof(*res->variants));
	for (size_t i = 0; i < nw; i++) {
		struct image_variant *v = &res->variants[i];
		*v = (struct image_variant){
			.width = widths[i],
			.height = scaled(now.height, widths[i], now.width),
			.site_path = layout_image_variant(&r->im->arena, w->key,
							  widths[i]),
			.cache_path = arena_printf(
				&r->im->arena, "%s/w%d-q%d-e%x-v%d.webp", dir,
				widths[i], r->quality, r->encoder,
				PIPELINE_VERSION),
			.source = w->fs_path,
		};
	}
	if (w->share) {
		int sw = now.width < SHARE_WIDTH ? now.width : SHARE_WIDTH;
		res->share = (struct image_variant){
			.width = sw,
			.height = scaled(now.height, sw, now.width),
			.site_path =
				layout_image_variant(&r->im->arena, w->key, 0),
			.cache_path = arena_printf(
				&r->im->arena, "%s/share%d-q%d-v%d.jpg", dir,
				SHARE_WIDTH, SHARE_QUALITY, PIPELINE_VERSION),
			.source = w->fs_path,
			.jpeg = true,
		};
	}
	pthread_mutex_unlock(&r->lock);
	struct image_variant *entries[MAX_ENTRIES];
	size_t n = 0;
	for (size_t i = 0; i < nw; i++)
		entries[n++] = &res->variants[i];
	if (w->share)
		entries[n++] = &res->share;
	/* info is written again when it lacks an entry, or a time. */
	bool changed = old.width == 0 || strcmp(old.warning, now.warning),
	     need[MAX_ENTRIES];
	for (size_t i = 0; i < n; i++) {
		const char *path = entries[i]->cache_path;
		need[i] = !entry_good(r->d, &old, path, strrchr(path, '/') + 1,
				      &now.e[i], &changed);
		changed |= need[i];
	}
	now.n = n;
	int write_errno = 0;
	for (size_t i = 0; i < n && !write_errno; i++) {
		if (!need[i])
			continue;
		if (!have_pic) {
			if (!data.len && buf_read_file(&data, w->fs_path) < 0) {
				fail_errno(r, w, errno);
				goto done;
			}
			budget = budget_take(r->im->budget, &data,
					     r->im->decode_width);
			if (load_picture(&data, r->im->decode_width, &pic, NULL,
					 NULL, err, warning, sizeof(err)) < 0) {
				fail(r, w, err);
				goto done;
			}
			atomic_fetch_add(&r->decoded, 1);
			have_pic = true;
		}
		if (fs_mkdir_p(dir) < 0) {
			write_errno = errno;
			break;
		}
		const char *path = entries[i]->cache_path;
		if (encode_entry(&pic, entries[i], r->quality, &enc) < 0) {
			fail(r, w, _("cannot encode"));
			goto done;
		}
		if (entry_write(path, strrchr(path, '/') + 1, &enc, &now.e[i]) <
		    0)
			write_errno = errno;
	}
	/* The entries of the same photo that other works use (the link
	 * preview of a product's first image) stay listed while they are
	 * there. */
	for (size_t j = 0; j < old.n && now.n < MAX_ENTRIES; j++) {
		struct stat st;
		bool listed = false;
		for (size_t i = 0; i < n && !listed; i++)
			listed = !strcmp(now.e[i].name, old.e[j].name);
		if (!listed &&
		    lstat(arena_printf(&a, "%s/%s", dir, old.e[j].name), &st) ==
			    0)
			now.e[now.n++] = old.e[j];
	}
	/* Last: what it lists is in place. */
	if (!write_errno && changed && write_info(info, &now) < 0)
		write_errno = errno;
	if (write_errno) {
		fail_cache_write(r, write_errno);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		entries[i]->hash = now.e[i].hash;
	/* The decode's warning, again at each build from the cache. */
	if (now.warning[0])
		tell_warning(r->d, w->pos, source_name(w), now.warning);
	res->ok = true;
done:
	if (folder_lock)
		pthread_mutex_unlock(folder_lock);
	if (have_pic)
		WebPPictureFree(&pic);
	budget_give(r->im->budget, budget);
	buf_release(&data);
	buf_release(&enc);
	arena_release(&a);
	atomic_fetch_add(&r->done, 1);
	show_progress(r, false);
}

int images_read_entry(const struct images *im, const struct image_variant *v,
		      struct buf *out, struct diag *d)
{
	buf_reset(out);
	if (buf_read_file(out, v->cache_path) == 0) {
		XXH128_hash_t h = XXH3_128bits(out->data, out->len);
		if (h.low64 == v->hash.low64 && h.high64 == v->hash.high64)
			return 0;
	}
	warn_damaged(d, v->cache_path,
		     _("its bytes are not those it was made with"));
	struct buf data = BUF_INIT;
	char err[MESSAGE_MAX], warning[MESSAGE_MAX];
	WebPPicture pic;
	int rc = -1;
	if (buf_read_file(&data, v->source) < 0) {
		diag_error_errno(d, pos_file(v->source), errno, "cannot read");
		goto done;
	}
	long long budget = budget_take(im->budget, &data, im->decode_width);
	if (load_picture(&data, im->decode_width, &pic, NULL, NULL, err,
			 warning, sizeof(err)) < 0) {
		budget_give(im->budget, budget);
		diag_error(d, pos_file(v->source), "%s", err);
		goto done;
	}
	if (encode_entry(&pic, v, im->quality, out) < 0)
		diag_error(d, pos_file(v->source), "cannot encode");
	else
		rc = 0;
	WebPPictureFree(&pic);
	budget_give(im->budget, budget);
	if (rc == 0) {
		/* The cache mended. Should the bytes differ from those
		 * recorded (the photo changed meanwhile), its info goes, so
		 * that the next build makes the source's entries again. */
		XXH128_hash_t h = XXH3_128bits(out->data, out->len);
		fs_write_atomic(v->cache_path, out->data, out->len);
		if (h.low64 != v->hash.low64 || h.high64 != v->hash.high64) {
			char *slash = strrchr(v->cache_path, '/');
			struct buf info = BUF_INIT;
			buf_add(&info, v->cache_path,
				(size_t)(slash - v->cache_path));
			buf_adds(&info, "/info");
			unlink(info.data);
			buf_release(&info);
		}
	}
done:
	buf_release(&data);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Planning */

static int work_cmp(const void *a, const void *b)
{
	return strcmp(((const struct work *)a)->key,
		      ((const struct work *)b)->key);
}

static void add_item(struct run *r, size_t *cap, const char *section,
		     const char *slug, const char *dir, const struct media *md,
		     const char *share_file)
{
	struct arena *a = &r->im->arena;
	for (size_t i = 0; i < md->n; i++) {
		r->work = xgrow(r->work, r->nwork, cap, sizeof(*r->work));
		const char *fs = arena_printf(a, "%s/%s", dir, md->files[i]);
		const char *rel = arena_printf(a, "content/%s/%s/%s", section,
					       slug, md->files[i]);
		r->work[r->nwork++] = (struct work){
			.key = layout_media_path(a, section, slug,
						 md->files[i]),
			.fs_path = fs,
			.rel_path = rel,
			.pos = md->pos[i],
			.share =
				share_file && !strcmp(share_file, md->files[i]),
		};
	}
}

/* Every source of the model, sorted by site path, each with its result;
 * two that would publish the same files are an error. */
static void plan(struct run *r)
{
	const struct model *m = r->m;
	struct images *im = r->im;
	size_t cap = 0;
	for (size_t i = 0; i < m->nproducts; i++) {
		const struct product *p = &m->products[i];
		add_item(r, &cap, "products", p->slug, p->dir, &p->media,
			 p->nimages ? p->images[0].file : NULL);
	}
	for (size_t i = 0; i < m->nproducers; i++)
		add_item(r, &cap, "producers", m->producers[i].id,
			 m->producers[i].dir, &m->producers[i].media, NULL);
	for (size_t i = 0; i < m->nstories; i++)
		add_item(r, &cap, "stories", m->stories[i].slug,
			 m->stories[i].dir, &m->stories[i].media, NULL);
	for (size_t i = 0; i < m->npages; i++)
		add_item(r, &cap, "pages", m->pages[i].slug, m->pages[i].dir,
			 &m->pages[i].media, NULL);
	if (r->nwork)
		qsort(r->work, r->nwork, sizeof(*r->work), work_cmp);
	im->results =
		arena_alloc(&im->arena, (r->nwork + 1) * sizeof(*im->results));
	for (size_t i = 0; i < r->nwork; i++) {
		im->results[i].key = r->work[i].key;
		r->work[i].result = &im->results[i];
		/* Two sources whose names differ only in their extension
		 * would publish the same files. */
		if (i &&
		    !strcmp(layout_image_variant(&im->arena, r->work[i].key, 1),
			    layout_image_variant(&im->arena, r->work[i - 1].key,
						 1)))
			diag_error(r->d, r->work[i].pos,
				   "%s and %s would be published under one "
				   "name; rename one of them",
				   r->work[i - 1].key, r->work[i].key);
	}
	im->n = r->nwork;
}

int images_process(struct images *im, const struct model *m,
		   const char *cache_dir, const struct images_opts *o,
		   struct diag *d)
{
	memset(im, 0, sizeof(*im));
	im->cache_dir = xstrdup(cache_dir);
	im->quality = m->site.image_quality;
	im->budget = xcalloc(1, sizeof(*im->budget));
	pthread_mutex_init(&im->budget->lock, NULL);
	pthread_cond_init(&im->budget->roomy, NULL);
	im->budget->left = IMAGES_DECODE_BUDGET;
	/* The widest file made of any photo: the decode needs no more. */
	im->decode_width = SHARE_WIDTH;
	for (size_t i = 0; i < m->site.nimage_widths; i++)
		if (m->site.image_widths[i] > im->decode_width)
			im->decode_width = m->site.image_widths[i];
	struct run r = {
		.m = m,
		.im = im,
		.d = d,
		.widths = m->site.image_widths,
		.nwidths = m->site.nimage_widths,
		.quality = m->site.image_quality,
		.encoder = WebPGetEncoderVersion(),
		.progress = o->progress,
	};
	pthread_mutex_init(&r.lock, NULL);
	for (size_t i = 0; i < FOLDER_LOCKS; i++)
		pthread_mutex_init(&r.folder_locks[i], NULL);
	plan(&r);
	r.seen = xcalloc(r.nwork, sizeof(*r.seen));
	if (fs_mkdir_p(cache_dir) < 0) {
		free(r.seen);
		free(r.work);
		for (size_t i = 0; i < FOLDER_LOCKS; i++)
			pthread_mutex_destroy(&r.folder_locks[i]);
		pthread_mutex_destroy(&r.lock);
		return diag_write_error(d, pos_folder(cache_dir), errno,
					"cannot create the image cache");
	}
	/* Shared with other builds; only pruning needs the cache alone. A
	 * file system without locks prunes as before. */
	struct buf lock = BUF_INIT;
	buf_printf(&lock, "%s/lock", cache_dir);
	im->lock_fd = open(lock.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	buf_release(&lock);
	if (im->lock_fd >= 0) {
		im->locked = true;
		while (flock(im->lock_fd, LOCK_SH) < 0 && errno == EINTR)
			;
	}
	memo_load(&r);
	clock_gettime(CLOCK_MONOTONIC, &r.start);
	r.last = r.start;
	size_t before = diag_error_count(d);
	pool_run(r.nwork, o->threads, process, &r);
	show_progress(&r, true);
	im->decoded = atomic_load(&r.decoded);
	memo_save(&r);
	for (size_t i = 0; i < r.nmemo; i++)
		free(r.memo[i].path);
	free(r.memo);
	free(r.seen);
	free(r.work);
	for (size_t i = 0; i < FOLDER_LOCKS; i++)
		pthread_mutex_destroy(&r.folder_locks[i]);
	pthread_mutex_destroy(&r.lock);
	return diag_error_count(d) > before ? -1 : 0;
}

/* One source's header, for check. */
static void inspect(void *ctx, size_t index, int worker)
{
	(void)worker;
	struct run *r = ctx;
	struct work *w = &r->work[index];
	struct buf data = BUF_INIT;
	char err[MESSAGE_MAX];
	int width, height;
	if (buf_read_file(&data, w->fs_path) < 0)
		fail_errno(r, w, errno);
	else if (images_inspect((const uint8_t *)data.data, data.len, &width,
				&height, err, sizeof(err)) < 0)
		fail(r, w, err);
	buf_release(&data);
}

int images_check(const struct model *m, int threads, struct diag *d)
{
	struct images im = {0};
	struct run r = {.m = m, .im = &im, .d = d};
	size_t before = diag_error_count(d);
	plan(&r);
	pool_run(r.nwork, threads, inspect, &r);
	free(r.work);
	images_release(&im);
	return diag_error_count(d) > before ? -1 : 0;
}

void images_release(struct images *im)
{
	if (im->locked)
		close(im->lock_fd);
	if (im->budget) {
		pthread_mutex_destroy(&im->budget->lock);
		pthread_cond_destroy(&im->budget->roomy);
		free(im->budget);
	}
	arena_release(&im->arena);
	free(im->cache_dir);
	memset(im, 0, sizeof(*im));
}

static int result_cmp(const void *key, const void *item)
{
	return strcmp(key, ((const struct image_result *)item)->key);
}

const struct image_result *images_find(const struct images *im, const char *key)
{
	if (!im || !im->n)
		return NULL;
	return bsearch(key, im->results, im->n, sizeof(*im->results),
		       result_cmp);
}

size_t images_under(const struct images *im, const char *prefix,
		    const struct image_result **first)
{
	size_t len = strlen(prefix), lo = 0, hi = im ? im->n : 0;
	*first = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(im->results[mid].key, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < (im ? im->n : 0) &&
	       !strncmp(im->results[lo + n].key, prefix, len))
		n++;
	if (n)
		*first = &im->results[lo];
	return n;
}

/* Adds a variant: where it is published, its size, its cache entry. */
static void key_variant(XXH3_state_t *st, const struct images *im,
			const struct image_variant *v)
{
	if (!v->site_path)
		return;
	const char *name = images_cache_name(im, v->cache_path);
	int size[2] = {v->width, v->height};
	XXH3_128bits_update(st, v->site_path, strlen(v->site_path) + 1);
	XXH3_128bits_update(st, name ? name : "", name ? strlen(name) + 1 : 1);
	XXH3_128bits_update(st, size, sizeof(size));
}

void images_key(XXH3_state_t *st, const struct images *im,
		const struct image_result *res)
{
	int size[3] = {res->width, res->height, res->ok};
	XXH3_128bits_update(st, res->key, strlen(res->key) + 1);
	XXH3_128bits_update(st, size, sizeof(size));
	for (size_t k = 0; k < res->nvariants; k++)
		key_variant(st, im, &res->variants[k]);
	key_variant(st, im, &res->share);
}

const struct image_variant *images_fallback(const struct image_result *res)
{
	const struct image_variant *v = &res->variants[0];
	for (size_t i = 1; i < res->nvariants; i++)
		if (res->variants[i].width <= 960)
			v = &res->variants[i];
	return v;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The cache files this run uses, sorted, so that pruning a cache of many
 * thousand files is not a search through every result for each file.
 * Free the array. */
static const char **used_files(const struct images *im, size_t *n)
{
	size_t cap = 1;
	for (size_t i = 0; i < im->n; i++)
		cap += im->results[i].nvariants + 1;
	const char **used = xmalloc(cap * sizeof(*used));
	*n = 0;
	for (size_t i = 0; i < im->n; i++) {
		const struct image_result *r = &im->results[i];
		for (size_t v = 0; v < r->nvariants; v++)
			used[(*n)++] = r->variants[v].cache_path;
		if (r->share.cache_path)
			used[(*n)++] = r->share.cache_path;
	}
	qsort(used, *n, sizeof(*used), path_cmp);
	return used;
}

void images_prune_cache(const struct images *im)
{
	/* Another build holds its shared lock: it may need what this one
	 * did not use. (A failed conversion may drop this build's shared
	 * lock, which it no longer needs.) */
	if (im->locked && flock(im->lock_fd, LOCK_EX | LOCK_NB) < 0 &&
	    !lock_unsupported(errno))
		return;
	DIR *dh = opendir(im->cache_dir);
	if (!dh)
		return;
	size_t nused;
	const char **used = used_files(im, &nused);
	struct buf path = BUF_INIT, file = BUF_INIT;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (strlen(e->d_name) != 32 ||
		    strspn(e->d_name, "0123456789abcdef") != 32)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", im->cache_dir, e->d_name);
		DIR *sub = opendir(path.data);
		if (!sub)
			continue;
		size_t kept = 0;
		struct dirent *f;
		while ((f = readdir(sub))) {
			if (f->d_name[0] == '.' || !strcmp(f->d_name, "info"))
				continue;
			buf_reset(&file);
			buf_printf(&file, "%s/%s", path.data, f->d_name);
			const char *key = file.data;
			if (nused &&
			    bsearch(&key, used, nused, sizeof(*used), path_cmp))
				kept++;
			else
				unlink(file.data);
		}
		closedir(sub);
		if (!kept)
			fs_remove_tree(path.data, NULL);
	}
	closedir(dh);
	free(used);
	buf_release(&path);
	buf_release(&file);
}

const char *images_cache_name(const struct images *im, const char *path)
{
	size_t n = im->cache_dir ? strlen(im->cache_dir) : 0;
	return n && !strncmp(path, im->cache_dir, n) && path[n] == '/'
		       ? path + n + 1
		       : NULL;
}
