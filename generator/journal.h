/*
 * journal: several files of the content replaced as one, all or none, even
 * when the run is killed half-way (import writes its records so).
 *
 * The journal, DIR/.ocopgen-journal, lists the files and the folders made
 * for them before anything is written. Each file's new text is written
 * beside it (NAME.ocopgen-new) and synced; then a last line "commit" makes
 * the change decided, and the new files are renamed over the old. A run
 * that finds the journal finishes a decided change, and undoes one that
 * was not: the old files were never touched.
 */
#ifndef OCOPGEN_JOURNAL_H
#define OCOPGEN_JOURNAL_H

#include <stddef.h>

struct journal_file {
	const char *path;   /* the file replaced or made */
	const char *folder; /* the folder made for it, removed when the change
			       is undone; NULL when it exists */
	const char *data;
	size_t len;
};

/* Replaces the n files of files as one change, the journal in dir (the
 * site's folder). Returns 0, or -1 with errno after undoing what it did. */
int journal_replace(const char *dir, const struct journal_file *files,
		    size_t n);

/* Finishes or undoes the change that a killed run left in dir. Returns 1
 * when it finished one, 2 when it undid one, 0 when there was none, -1
 * with errno when it could not. */
int journal_recover(const char *dir);

#endif
