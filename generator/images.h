/*
 * images: the photos of the content, made ready for phones on slow
 * connections. Each source (JPEG, PNG, WebP) is decoded, turned upright by
 * its EXIF orientation, resized to the widths of site.json (never larger
 * than it is) and encoded as WebP; a product's first image also gets a JPEG
 * for link previews. Work is spread over a pool of threads and kept in a
 * cache keyed by the source's bytes, the settings and the encoder version,
 * so a rebuild with no new photo decodes and encodes nothing.
 */
#ifndef OCOPGEN_IMAGES_H
#define OCOPGEN_IMAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xxhash.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"

/* Sources larger than this are refused before any pixel is allocated. */
#define IMAGES_MAX_SIDE 16383
#define IMAGES_MAX_PIXELS 50000000LL
/* The memory all threads together may decode photos into: a photo takes
 * about IMAGES_DECODE_BYTES a pixel (its pixels twice, then the scaled
 * copies), so 50 megapixels take 450 MB, and at -j 6 six of them would
 * take 2.7 GB. A photo waits until what it needs is free, or until it is
 * the only one decoding. */
#define IMAGES_DECODE_BUDGET (512LL << 20)
#define IMAGES_DECODE_BYTES 9

struct image_variant {
	int width, height;
	const char *site_path;	/* where it is published */
	const char *cache_path; /* the file to publish */
	XXH128_hash_t hash;	/* of the cache file's bytes, as made */
	const char *source;	/* the photo it is made from */
	bool jpeg;		/* the link preview, not a WebP */
};

struct image_result {
	const char *key;   /* site path of the source, as layout_media_path */
	int width, height; /* upright size of the source */
	struct image_variant *variants; /* WebP, narrowest first */
	size_t nvariants;
	struct image_variant share; /* JPEG preview; site_path NULL if none */
	bool ok;
};

struct images {
	struct arena arena;
	struct image_result *results; /* sorted by key */
	size_t n;
	char *cache_dir;
	/* A shared flock() on the cache folder's file "lock", held from the
	 * start of images_process to images_release, so that a build prunes
	 * the cache only while no other build uses it. */
	int lock_fd;
	bool locked;
	int quality;	/* of the WebP files */
	size_t decoded; /* sources decoded by this run (0 when all cached) */
	struct images_budget *budget; /* IMAGES_DECODE_BUDGET, shared */
	int decode_width;	      /* the widest file made of a photo */
};

struct images_opts {
	int threads;
	bool progress; /* show done / total and time left on stderr */
};

/* Processes every image of a validated model, using and filling the cache
 * folder cache_dir (created when missing). Problems (unreadable, corrupt,
 * truncated or oversized files) go to d at the record line that names the
 * image. Returns 0, or -1 when errors were reported. Free with
 * images_release. */
int images_process(struct images *im, const struct model *m,
		   const char *cache_dir, const struct images_opts *o,
		   struct diag *d);
void images_release(struct images *im);

/* Reads the bytes of a variant's cache file into out (reset first). Bytes
 * whose hash is not the one recorded when the file was made are never
 * returned: the file is made again from its photo, with a warning naming
 * it. Returns 0, or -1 after reporting to d. Safe from several threads. */
int images_read_entry(const struct images *im, const struct image_variant *v,
		      struct buf *out, struct diag *d);

/* The result for a source, by its site path; NULL when it has none. */
const struct image_result *images_find(const struct images *im,
				       const char *key);

/* The variant an <img> names in src, for browsers without srcset: the
 * widest one up to 960 pixels. res has at least one variant. */
const struct image_variant *images_fallback(const struct image_result *res);

/* The orientation (1 to 8) that an EXIF block asks for: the data of a
 * JPEG APP1 marker, starting with "Exif\0\0", or of a PNG eXIf or WebP
 * EXIF chunk, which start with the TIFF header ("II" or "MM") itself. 1
 * when it names none or cannot be read. */
int images_exif_orientation(const uint8_t *exif, size_t n);

/* A decoded photo, upright. */
struct images_picture {
	int w, h;
	uint8_t *rgba; /* w * h * 4 bytes, malloc'd: the caller frees it */
	/* The photo's own upright size: w and h, unless it was read smaller
	 * (images_decode_at). */
	int source_w, source_h;
};

/* Decodes a photo's bytes, JPEG, PNG or WebP by their content whatever
 * the file's name, and turns the picture upright by its EXIF orientation
 * (JPEG APP1, PNG eXIf, WebP EXIF). A source over the size limits is
 * refused before any pixel is allocated. Returns 0 with *pic filled, and
 * in warning a harmless fault of the file that was worked past ("" when
 * none); or -1 with the reason in err and pic->rgba NULL. err and warning
 * hold n bytes each. */
int images_decode(const uint8_t *data, size_t size, struct images_picture *pic,
		  char *err, char *warning, size_t n);

/* The same, a JPEG decoded smaller by 2, 4 or 8 in its DCT where its
 * upright width stays at least min_width (pic then holds that size): a
 * photo of 50 megapixels published at most 1,600 pixels wide is read at a
 * quarter of its width, in a sixteenth of the memory. */
int images_decode_at(const uint8_t *data, size_t size, int min_width,
		     struct images_picture *pic, char *err, char *warning,
		     size_t n);

/* The pixels images_decode_at(min_width) would allocate; 0 when the
 * header cannot be read (the decode then says why). */
long long images_decode_pixels(const uint8_t *data, size_t size, int min_width);

/* Reads only a photo's header (format, size, orientation; the lengths of
 * the chunks of a PNG or WebP file), fast, allocating no pixels. Returns
 * 0 with the upright size in *width and *height, or -1 with the reason in
 * err (n bytes): the message images_decode gives for the same fault. A
 * JPEG cut after a whole header, or compressed data damaged behind one,
 * passes; only the decode finds it. */
int images_inspect(const uint8_t *data, size_t size, int *width, int *height,
		   char *err, size_t n);

/* What `ocopgen check` does with the photos of a validated model: reads
 * each one's header (images_inspect) on up to threads threads, and
 * reports what it finds to d at the record line that names the photo, as
 * images_process would. Returns 0, or -1 when errors were reported. */
int images_check(const struct model *m, int threads, struct diag *d);

/* The results of the sources whose site paths start with prefix
 * ("media/products/x/"), which are next to each other: sets *first and
 * returns how many (0 when none). */
size_t images_under(const struct images *im, const char *prefix,
		    const struct image_result **first);

/* Adds to a key what pages and published files take from res: its
 * source, its size, and each variant's site path, size and cache entry. */
void images_key(XXH3_state_t *st, const struct images *im,
		const struct image_result *res);

/* Removes from the cache every entry that this run did not use, unless
 * another build (another output, serve's preview) uses the cache now: its
 * entries may be ones this run did not use, so they stay until a build
 * that has the cache alone. */
void images_prune_cache(const struct images *im);

/* The name of a cache entry from the cache folder
 * ("<hash of the photo>/w480-q80-e1-v3.webp"): it changes whenever the
 * entry's bytes do, and holds no path of this machine. NULL when path is
 * not in the cache. */
const char *images_cache_name(const struct images *im, const char *path);

#endif
