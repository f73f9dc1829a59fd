/*
 * output: the files of a site written into a folder, from several threads
 * at once. A file that cannot be written is counted, not reported at once:
 * a full disk fails them all, and the run says so in one message, with the
 * first file's path and cause.
 */
#ifndef OCOPGEN_OUTPUT_H
#define OCOPGEN_OUTPUT_H

#include <stdatomic.h>
#include <stddef.h>

#include "diag.h"

struct output {
	const char *dir; /* borrowed */
	atomic_size_t failures;
	char *first_failure; /* the path of the first file that failed */
	int first_errno;
};

void output_init(struct output *o, const char *dir);

/* Writes a new file at site path file ("vi/index.html") below the folder,
 * with the folders it needs. */
void output_write(struct output *o, const char *file, const void *data,
		  size_t len);

/* Reports the files that could not be written, if any, to d as a write
 * error, and releases o. Returns the number of such files. */
size_t output_finish(struct output *o, struct diag *d);

#endif
