/*
 * limit: the largest content ocopgen accepts, stated once, for the checks,
 * the messages and docs/content.md. Each is many times what a real
 * catalogue needs (a national one of 10,000 products with long stories and
 * phone photos of 5 to 15 MB), and each keeps the memory and time of a run
 * bounded whatever a file holds. The pixels of a photo are limited apart,
 * by IMAGES_MAX_SIDE and IMAGES_MAX_PIXELS (images.h), and the nesting of
 * JSON by cJSON's CJSON_NESTING_LIMIT (1000).
 */
#ifndef OCOPGEN_LIMIT_H
#define OCOPGEN_LIMIT_H

#include "diag.h"

/* Sizes in bytes; a megabyte (MB) is 1,000,000 bytes. */
#define LIMIT_MB 1000000ULL
/* A record: product.json, producer.json, story.json, page.json, and a file
 * of interface words (i18n/<lang>.json). The bundled ones are under 3 kB. */
#define LIMIT_RECORD_BYTES (1 * LIMIT_MB)
/* site.json, which lists the places: 4,000 communes in three languages
 * take about 1.5 MB. */
#define LIMIT_SITE_BYTES (4 * LIMIT_MB)
/* A Markdown text (<lang>.md): a long story is 50 kB. */
#define LIMIT_BODY_BYTES (1 * LIMIT_MB)
/* A photo's file: a phone's is 5 to 15 MB. */
#define LIMIT_IMAGE_BYTES (50 * LIMIT_MB)
/* Item folders of one kind (products, producers, stories or pages). */
#define LIMIT_ITEMS 50000

/* Reports that the file pos names, of size bytes, is larger than max:
 * "NAME is 12.3 MB; at most 8 MB", then ": " and advice when advice is not
 * NULL. name is as the user knows the file ("product.json",
 * "images/x.jpg"). Returns -1. */
int limit_size_error(struct diag *d, struct pos pos, const char *name,
		     unsigned long long size, unsigned long long max,
		     const char *advice);

/* Writes n bytes as people read a file's size: "1 MB", "12.3 MB",
 * "820.5 kB", "512 bytes" (tenths cut, not rounded, so that a size above
 * a limit never reads as the limit's). */
void limit_size_text(unsigned long long n, char out[32]);

#endif
