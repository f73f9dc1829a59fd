/*
 * import: product and producer records created or updated from a
 * spreadsheet with the columns of products.csv, so that the export, edited
 * in Excel, comes back. The sheet's texts are of one language (the site's
 * default unless told); a record's fields that are not columns, its other
 * languages, its Markdown texts and its images are kept as they are. The
 * columns that ocopgen makes (certificate_expires, certificate_expired,
 * url, image) are not read.
 *
 * Every problem is reported at once, at the sheet's FILE:ROW:COLUMN, and
 * nothing is written when there is one: the records as they would be are
 * first checked as check does, in a copy of content/ made of hard links.
 */
#ifndef OCOPGEN_IMPORT_H
#define OCOPGEN_IMPORT_H

#include <stdbool.h>

struct import_opts {
	const char *dir;  /* the site folder, holding content/ */
	const char *file; /* the .xlsx or .csv file */
	const char *lang; /* the language of its texts; NULL: the default */
	bool dry_run;	  /* print what would change; write nothing */
	int threads;	  /* at least 1 */
};

/* Returns an exit status: 0, 1 (problems in the sheet or the content;
 * nothing written), 2 (wrong usage), 3 (a record could not be written). */
int import_run(const struct import_opts *o);

/* Finishes or undoes the import a killed run left half-done in the site's
 * folder dir (shown as display, "" for the working folder), and removes
 * the check folders of imports no longer running; says so on stderr.
 * Every command that reads content/ calls it first. Returns 0, or -1
 * after saying why it could not. */
int import_recover(const char *dir, const char *display);

#endif
