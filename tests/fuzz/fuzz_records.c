/*
 * fuzz_records: a JSON record (site.json, a producer, a product, a story or
 * a page) loaded and validated with the rest of a small valid site, and
 * its messages printed. The input replaces the record its keys point at,
 * so that the seeds, real records, go where they belong.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static bool has(const uint8_t *data, size_t size, const char *key)
{
	return memmem(data, size, key, strlen(key)) != NULL;
}

/* The record that the input replaces: the first kind whose own key it
 * holds. */
static const char *record_of(const uint8_t *data, size_t size)
{
	if (has(data, size, "\"languages\"") || has(data, size, "\"base_url\""))
		return FIXTURE_SITE;
	if (has(data, size, "\"stars\"") || has(data, size, "\"producer\"") ||
	    has(data, size, "\"certificate\""))
		return FIXTURE_PRODUCT;
	if (has(data, size, "\"date\"") || has(data, size, "\"products\""))
		return FIXTURE_STORY;
	if (has(data, size, "\"menu\"") || has(data, size, "\"title\""))
		return FIXTURE_PAGE;
	return FIXTURE_PRODUCER;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fixture_make();
	struct model m;
	if (fixture_load(&m, stderr) != 0) {
		fprintf(stderr, "fuzz_records: the fixture's site is not "
				"valid\n");
		exit(1);
	}
	model_release(&m);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *rel = record_of(data, size);
	fixture_write(rel, data, size);
	struct model m;
	fixture_load(&m, fixture_null());
	model_release(&m);
	fixture_restore(rel);
	return 0;
}
