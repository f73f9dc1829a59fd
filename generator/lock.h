/*
 * lock: one build at a time into an output folder.
 *
 * Two builds into one output (two people on a shared folder, a build
 * started while another runs) would bring the same spare folder up to date
 * at once and could swap a mix of both into place. Each build therefore
 * holds, from before it touches the spare until after the swap, an flock()
 * on the file OUT.ocopgen-lock beside the output. The kernel releases it
 * when its build ends in any way, even killed with SIGKILL, so that no lock
 * is ever left to block a later build. The holder writes its process id
 * in it for the message of a build that waits; it removes the file when it
 * is done.
 *
 * A later build waits for the lock (a build is quick, and what someone who
 * starts one wants is its site, not to start it again) with a message
 * naming the other build, up to a bound, then refuses with exit status 3.
 * A file system without locks (some network shares) gets a warning and no
 * lock: the output is still replaced whole, only two builds at once are not
 * prevented.
 */
#ifndef OCOPGEN_LOCK_H
#define OCOPGEN_LOCK_H

#include <stdbool.h>

#include "diag.h"

/* How long a build waits for another one by default, in seconds. */
#define LOCK_WAIT_DEFAULT 600

struct out_lock {
	int fd;	    /* the locked file; -1 when nothing is held */
	char *path; /* OUT.ocopgen-lock, malloc'd */
};

/* Takes the lock of the output folder out, waiting up to wait_seconds (0:
 * not at all) while another build holds it, saying so on stderr unless
 * quiet. Returns 0 (l holds the lock, or nothing when the file system
 * cannot lock, which d is told as a warning), or -1 after reporting a
 * write error (the lock file cannot be made, or the wait was in vain).
 * Either way, release l with lock_release. */
int lock_take(struct out_lock *l, const char *out, int wait_seconds, bool quiet,
	      struct diag *d);

/* True when flock() failed with e because the file system cannot lock
 * (some network shares), as opposed to another process holding the lock. */
bool lock_unsupported(int e);

/* Removes the lock file and releases the lock, if l holds it; frees what
 * l holds. */
void lock_release(struct out_lock *l);

#endif
