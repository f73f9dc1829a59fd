/*
 * manifest: what a site folder holds, file by file: the hash of each
 * file's bytes and the key of what it was made from. ocopgen keeps it in
 * the folder's marker file, so that it travels with the folder when two
 * folders are swapped. A build compares its files with the manifests of
 * the output and of the spare folder, and writes only what differs; it
 * renders again only the pages whose key changed.
 */
#ifndef OCOPGEN_MANIFEST_H
#define OCOPGEN_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <xxhash.h>

#include "arena.h"

/* What a published file is known by besides its hash: its size, which
 * every build of the same site gives it (so that the marker stays the
 * same from build to build); -1 when not known. A file is trusted as
 * published only when it is a regular file of this size, not changed
 * after its folder's marker was written (publish.c). */
struct file_stamp {
	long long size;
};

struct manifest_entry {
	const char *file;   /* from the folder: "vi/index.html" */
	XXH128_hash_t hash; /* of the file's bytes */
	XXH128_hash_t key;  /* of what it was made from; zero: none kept */
	struct file_stamp stamp;
};

struct manifest {
	struct arena arena;		/* the names */
	struct manifest_entry *entries; /* sorted by file once sealed */
	size_t n, cap;
};

/* The first line of every marker file. */
#define MANIFEST_MARKER_TEXT                                                   \
	"This folder is written by ocopgen and is replaced whole by each "     \
	"build.\n"

/* Reads the manifest in the marker file at path into m (which it
 * initializes). Returns 0, or -1 with m empty when the file is missing,
 * holds no manifest (a folder being brought up to date) or is not one
 * that this program wrote. */
int manifest_read(struct manifest *m, const char *path);

/* Writes the marker file at path whole or not at all: the marker text,
 * then m when it is not NULL (a folder whose files m describes). Returns
 * 0, or -1 with errno. */
int manifest_write(const struct manifest *m, const char *path);

/* Adds an entry; file is copied. Call manifest_seal before finding. */
void manifest_add(struct manifest *m, const char *file, XXH128_hash_t hash,
		  XXH128_hash_t key, struct file_stamp stamp);

/* The stamp of the file at path, and its time of change (nanoseconds
 * since 1970) in *mtime unless mtime is NULL, when it is a regular file
 * (a link is not followed); false otherwise, *stamp then not known. */
bool manifest_stamp(const char *path, struct file_stamp *stamp,
		    long long *mtime);

/* The time of change of path (nanoseconds since 1970), or 0 when it has
 * none. */
long long manifest_mtime(const char *path);

/* True when a and b are the same known stamp. */
static inline bool stamp_equal(struct file_stamp a, struct file_stamp b)
{
	return a.size >= 0 && a.size == b.size;
}

/* Sorts the entries by file. */
void manifest_seal(struct manifest *m);

/* The entry of file, or NULL. */
const struct manifest_entry *manifest_find(const struct manifest *m,
					   const char *file);

/* True when a and b (sealed) list the same files, hashes and keys. */
bool manifest_equal(const struct manifest *a, const struct manifest *b);

void manifest_release(struct manifest *m);

/* True when a and b are the same hash. */
static inline bool hash_equal(XXH128_hash_t a, XXH128_hash_t b)
{
	return a.low64 == b.low64 && a.high64 == b.high64;
}

#endif
