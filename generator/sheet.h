/*
 * sheet: a spreadsheet as rows of text cells, each where the spreadsheet
 * puts it (row 14, column F), for import. An .xlsx file is read with
 * libzip and libxml2 (its first sheet, its shared strings, and its styles,
 * so that a cell formatted as a date reads as YYYY-MM-DD); a .csv file
 * with libcsv, UTF-8 with or without a byte order mark, its fields
 * separated by commas or by semicolons, as Excel writes "CSV UTF-8" by the
 * list separator of its language settings.
 */
#ifndef OCOPGEN_SHEET_H
#define OCOPGEN_SHEET_H

#include <stddef.h>

#include "diag.h"

/* Past these a spreadsheet is refused: no office list comes near them,
 * and a hostile file must not take the machine's memory. */
#define SHEET_MAX_BYTES (64u << 20) /* of a file, or of a part of .xlsx */
#define SHEET_MAX_ROWS 100000
#define SHEET_MAX_COLUMNS 256
/* Of the text of all cells: an .xlsx can name one shared string of
 * megabytes from thousands of cells, which would take gigabytes. */
#define SHEET_MAX_TEXT (128u << 20)

struct sheet_row {
	int number;   /* the spreadsheet's row number, from 1 */
	char **cells; /* [ncells], "" for an empty cell; NFC UTF-8 */
	size_t ncells;
};

struct sheet {
	struct sheet_row *rows; /* with a cell, in order */
	size_t nrows;
	size_t text; /* bytes of all cells so far, for SHEET_MAX_TEXT */
};

/* Reads path (its name's ending says its kind), shown as show in
 * messages. Returns 0, or -1 after reporting to d (a file that cannot be
 * read, is not a spreadsheet, is too large, or holds text that is not
 * UTF-8), with s empty. Release s with sheet_release either way. */
int sheet_read(struct sheet *s, const char *path, const char *show,
	       struct diag *d);
/* The same for a file already read: its bytes b, its kind from the ending
 * of name. b is borrowed. */
struct buf;
int sheet_parse(struct sheet *s, const char *name, const struct buf *b,
		const char *show, struct diag *d);
void sheet_release(struct sheet *s);

#endif
