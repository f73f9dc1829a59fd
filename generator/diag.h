/*
 * diag: collecting and printing diagnostics in the form compilers use,
 * "path:line:col: error: message", so that editors can jump to them.
 *
 * Every stage reports into one struct diag; nothing is printed until
 * diag_print, which sorts by path, line and column and drops repeats, so
 * that the report is the same whatever order (or thread) found the
 * problems. Safe to call from several threads at once.
 */
#ifndef OCOPGEN_DIAG_H
#define OCOPGEN_DIAG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* Where a value came from. line and col count from 1; col counts
 * characters, not bytes. line 0 means a folder, or a file that is not
 * there: printed as "path: error: ...", with nothing to jump to. */
struct pos {
	const char *path; /* borrowed: lives as long as the model or theme */
	int line, col;
	/* A cell of a spreadsheet: line is its row, col its column from 1,
	 * printed as the spreadsheet's letters ("products.xlsx:14:F"). */
	bool cell;
};

/* A problem with the whole of a file that is there (an empty or unreadable
 * one): its first line and column, so that an editor opens the file. */
static inline struct pos pos_file(const char *path)
{
	return (struct pos){path, 1, 1, false};
}

/* Line line, column col of path. */
static inline struct pos pos_line(const char *path, int line, int col)
{
	return (struct pos){path, line, col, false};
}

/* The cell of a spreadsheet at row, column col (from 1). */
static inline struct pos pos_cell(const char *path, int row, int col)
{
	return (struct pos){path, row, col, true};
}

/* A folder, or a file that is missing. */
static inline struct pos pos_folder(const char *path)
{
	return (struct pos){path, 0, 0, false};
}

struct diag_entry {
	enum diag_level level;
	char *path; /* owned copies */
	int line, col;
	bool cell; /* col printed as a spreadsheet's letters */
	char *msg;
	char *lang; /* language a missing-translation warning is about, or NULL
		     */
	/* Not printed: past the first DIAG_FILE_MAX of its level in its file
	 * (set by diag_print). */
	bool hidden;
};

struct diag {
	pthread_mutex_t lock;
	struct diag_entry *items;
	size_t n, cap;
	size_t errors, warnings;
	size_t write_errors; /* of the errors, files that could not be written
			      */
};

void diag_init(struct diag *d);
void diag_release(struct diag *d);

void diag_report(struct diag *d, enum diag_level level, struct pos pos,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Reports an error and returns -1, so that "return diag_error(...)" reads
 * as one line. */
int diag_error(struct diag *d, struct pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reports an error about a file the system refused (it cannot be read, a
 * folder cannot be listed): the message, then ": " and strerror(errnum)
 * when errnum is not 0. Returns -1. */
int diag_error_errno(struct diag *d, struct pos pos, int errnum,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports that a file or folder could not be written (a full disk, a
 * read-only folder): the message, then ": " and strerror(errnum) when
 * errnum is not 0. Counted apart from errors in the content, so that the
 * run exits with the status of an output it could not write. Returns -1. */
int diag_write_error(struct diag *d, struct pos pos, int errnum,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A warning that text is missing in language lang, counted per language by
 * diag_missing_count; shown, when not NULL, is the tag of the language
 * shown in its place (else the default language). */
void diag_missing_translation(struct diag *d, struct pos pos, const char *lang,
			      const char *what, const char *shown);
/* The same for a translation file that holds nothing but white space
 * (file, as shown: "zh.md"), which counts as missing. */
void diag_empty_translation(struct diag *d, struct pos pos, const char *lang,
			    const char *file);

/* Number of errors reported so far (repeats included). */
size_t diag_error_count(struct diag *d);
/* Number of those that diag_write_error reported. */
size_t diag_write_error_count(struct diag *d);

/* What diag_print prints: with DIAG_QUIET, not the warnings (errors
 * always); with DIAG_QUOTE, each error's line of its file under it, and a
 * caret under its column, as compilers show them. */
enum { DIAG_QUIET = 1, DIAG_QUOTE = 2 };

/* Sorts, removes repeats and prints every entry to f, as flags say;
 * returns the number of errors. Of a file's errors, and of its warnings,
 * only the first DIAG_FILE_MAX are printed, then a note of how many more
 * there are, so that a broken or hostile file (a million unknown fields)
 * does not bury the others; the rest are marked hidden, and counted. */
#define DIAG_FILE_MAX 100
size_t diag_print(struct diag *d, FILE *f, int flags);

/* The letters of a spreadsheet's column i (from 0): "A", ..., "Z",
 * "AA", ... */
void diag_column_letters(size_t i, char out[8]);

/* Sets out (reset first) to the line of its file that e is about, without
 * its end of line, cut after DIAG_QUOTE_MAX bytes. Returns false when e
 * names no line, or the file or the line cannot be read. */
#define DIAG_QUOTE_MAX 240
struct buf;
bool diag_source_line(const struct diag_entry *e, struct buf *out);
/* Number of missing-translation warnings about lang. */
size_t diag_missing_count(const struct diag *d, const char *lang);

#endif
