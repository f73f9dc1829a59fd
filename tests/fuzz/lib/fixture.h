/*
 * fixture: what the fuzz harnesses share. A small valid site in a
 * temporary folder, made once per process, into which a harness writes its
 * input as one file and from which it loads the content; and a stream that
 * swallows messages, so that their formatting is run as well.
 */
#ifndef OCOPGEN_FUZZ_FIXTURE_H
#define OCOPGEN_FUZZ_FIXTURE_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "model.h"

/* The fixture's files, from its folder (the site folder holding content/). */
#define FIXTURE_SITE "content/site.json"
#define FIXTURE_PRODUCER "content/producers/htx-a/producer.json"
#define FIXTURE_PRODUCT "content/products/mien-dong/product.json"
#define FIXTURE_PRODUCT_BODY "content/products/mien-dong/vi.md"
#define FIXTURE_STORY "content/stories/hoi-cho/story.json"
#define FIXTURE_PAGE "content/pages/gioi-thieu/page.json"

/* Makes the site in a new temporary folder (under TMPDIR, else /dev/shm
 * or /tmp), removed when the process exits. Returns its path, which
 * belongs to the fixture; exits with a message when it cannot. */
const char *fixture_make(void);

/* Writes data[0..len) as the file rel of the fixture's folder. Exits with a
 * message when it cannot. */
void fixture_write(const char *rel, const void *data, size_t len);

/* Writes the fixture's own file rel back. */
void fixture_restore(const char *rel);

/* The path of rel in the fixture's folder; belongs to the fixture, valid
 * until the next call. */
const char *fixture_path(const char *rel);

/* Loads the fixture's content into m (then validated when it loaded) and
 * prints the messages to messages (fixture_null() to run their formatting
 * only). Returns 0 when it is valid. m is released by the caller with
 * model_release. */
int fixture_load(struct model *m, FILE *messages);

/* A stream to /dev/null, for messages. */
FILE *fixture_null(void);

/* A NUL-terminated copy of data[0..len); the caller frees it. */
char *fixture_strndup(const void *data, size_t len);

#endif
