/*
 * fuzz_sheet: a spreadsheet for import, read from memory: an .xlsx file
 * (a zip archive, read with libzip and libxml2) when it starts as one,
 * else a .csv file.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fixture.h"
#include "sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool zip = size >= 4 && !memcmp(data, "PK\x03\x04", 4);
	const char *name = zip ? "products.xlsx" : "products.csv";
	struct buf b = BUF_INIT;
	buf_add(&b, data, size);
	struct sheet s;
	struct diag d;
	diag_init(&d);
	sheet_parse(&s, name, &b, name, &d);
	diag_print(&d, fixture_null(), 0);
	diag_release(&d);
	sheet_release(&s);
	buf_release(&b);
	return 0;
}
