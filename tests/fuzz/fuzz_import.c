/*
 * fuzz_import: a spreadsheet imported into a small valid site, as
 * "ocopgen import --dry-run" does: its cells read into records (names,
 * places, producers, prices, certifications, codes), the records checked
 * as they would be, nothing written. An .xlsx file when the input starts
 * as a zip archive, else a .csv file. Its messages go to stderr, which
 * import.options closes.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fixture.h"
#include "import.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fixture_make();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool zip = size >= 4 && !memcmp(data, "PK\x03\x04", 4);
	const char *name = zip ? "products.xlsx" : "products.csv";
	fixture_write(name, data, size);
	struct import_opts o = {fixture_make(), fixture_path(name), NULL, true,
				1};
	import_run(&o);
	return 0;
}
