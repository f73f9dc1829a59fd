/*
 * publish: the output folder is replaced whole or not at all, and a build
 * writes only the files that changed.
 *
 * Beside the output OUT, ocopgen keeps the site of the build before last
 * in OUT.ocopgen-spare. Each folder's marker file (.ocopgen) holds the
 * manifest of its files. A build brings the spare up to date with the new
 * site: a file whose bytes it already holds is left alone; one that the
 * output holds is linked from there (a hard link: no bytes are copied);
 * any other is written; files of no use are removed. Nothing in the
 * output is touched. Then the two folders are swapped in one rename, and
 * the previous site becomes the spare for the next build.
 *
 * While the spare is being brought up to date its marker holds no
 * manifest: when a build is killed then, the next one knows the spare for
 * what it is, removes it and starts a fresh one. The output is the old
 * site or the new one, whole, at every moment.
 */
#ifndef OCOPGEN_PUBLISH_H
#define OCOPGEN_PUBLISH_H

#include <stdatomic.h>
#include <stddef.h>
#include <xxhash.h>

#include "diag.h"
#include "manifest.h"

struct publish {
	char *out;	      /* the output folder, as given */
	char *staging;	      /* where the new site is made: the spare folder */
	struct manifest live; /* what out holds; empty when unknown */
	struct manifest held; /* what staging held when the build began */
	/* Counted from several threads; reported by publish_commit. */
	atomic_size_t written, linked, removed, failures;
	atomic_size_t bytes_written;
	atomic_int changing; /* the spare's marker says it is being changed */
	char *first_failure; /* the path of the first file that failed */
	int first_errno;
	bool throwaway; /* set by the caller: no need to make it durable */
	bool verify;	/* set by the caller: reused files are read again */
	/* When the markers of out and of the spare were written (ns; 0:
	 * none): a file changed after its folder's is not trusted. */
	long long live_time, held_time;
};

/* Refuses, after reporting (-1), an output inside the site's content/ or
 * themes/, links followed, which the next build would read as sources;
 * 0 otherwise. Writes nothing: called before the output's lock is
 * taken beside it. */
int publish_check_place(const char *out, const char *site_dir, struct diag *d);

/* Checks that out may be replaced (it does not exist, is empty, or was
 * written by ocopgen; it does not hold site_dir), removes staging folders
 * that killed builds left behind, and makes the spare folder ready to be
 * brought up to date. An out that is a link is followed: the site is
 * built in the folder it names, and the link stays. Returns 0, or -1
 * after reporting. */
int publish_begin(struct publish *p, const char *out, const char *site_dir,
		  struct diag *d);

/* Makes the new site's file (a path from its root) hold the bytes whose
 * hash is hash: data[0..len), or, when data is NULL, the bytes of the same
 * file in the output, which p->live says has that hash. A file of the
 * spare or the output is reused only when it is a regular file of the
 * size published, not changed after its folder's marker (and with
 * p->verify, its bytes hash to it): one edited in place, or a link put
 * there, is made again. Sets *stamp to the new file's, for the
 * manifest. Safe from several threads at once, for different files.
 * Returns 0 (a file that cannot be written is counted, and reported by
 * publish_commit), or 1 when data is NULL and the output no longer has
 * the file as published: call again with its bytes. */
int publish_file(struct publish *p, const char *file, XXH128_hash_t hash,
		 const void *data, size_t len, struct file_stamp *stamp);

/* Removes the files that the new site (site: every file given to
 * publish_file, sealed) does not have, records site in the marker, and
 * swaps the new site into place. Returns 0, or -1 after reporting (the
 * output is then as it was). */
int publish_commit(struct publish *p, const struct manifest *site,
		   struct diag *d);

/* Removes a staging folder that was not committed, leaving the output as
 * it was; frees p. */
void publish_end(struct publish *p);

#endif
