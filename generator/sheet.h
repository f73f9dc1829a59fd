/*
 * sheet: a spreadsheet as rows of text cells, each where the spreadsheet
 * puts it (row 14, column F), for import. An .xlsx file is read with
 * libzip and libxml2 (its first sheet, its shared strings, and its styles,
 * so that a cell formatted as a date reads as YYYY-MM-DD; the ranges of
 * merged cells and the names of the sheets, for messages); a .csv file
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
/* Of the ranges of merged cells kept (for messages only; the others are
 * not told). */
#define SHEET_MAX_MERGED 1000
/* Of the names of the other sheets of a workbook kept. */
#define SHEET_MAX_SHEETS 64

struct sheet_row {
	int number;   /* the spreadsheet's row number, from 1 */
	char **cells; /* [ncells], "" for an empty cell; NFC UTF-8 */
	size_t ncells;
};

/* A range of merged cells ("D2:D4"), rows and columns from 1: its value
 * is in its top-left cell only; the others read as empty. */
struct sheet_range {
	int row1, col1, row2, col2;
};

struct sheet {
	struct sheet_row *rows; /* with a cell, in order */
	size_t nrows;
	size_t text; /* bytes of all cells so far, for SHEET_MAX_TEXT */
	/* Of an .xlsx, its ranges of merged cells, by row1; none for a
	 * .csv. */
	struct sheet_range *merged;
	size_t nmerged;
	/* Of an .xlsx, the name of the sheet read, the first (NULL when it
	 * has none), and the names of the others, in the workbook's order;
	 * NULL and 0 for a .csv. */
	char *name;
	char **others;
	size_t nothers;
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

/* The text of the cell at row, col (from 1): "" when it is empty. */
const char *sheet_cell(const struct sheet *s, int row, int col);
/* The range of merged cells that holds the cell at row, col (from 1)
 * other than as its top-left cell, or NULL. */
const struct sheet_range *sheet_merged_at(const struct sheet *s, int row,
					  int col);

#endif
