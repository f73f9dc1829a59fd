/* The lock file beside the output, taken with flock(). */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"

#define LOCK_SUFFIX ".ocopgen-lock"
/* Between two tries while another build holds the lock. */
#define POLL_MS 100

/* The process id that the holder wrote in the lock file; 0 when none. */
static long holder_pid(int fd)
{
	char text[32];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	return strtol(text, NULL, 10);
}

/* True when fd is still the file at path: a build that is done removes
 * the file, and one that then locks its old copy holds nothing. */
static bool still_there(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool lock_unsupported(int e)
{
	return e == ENOLCK || e == EOPNOTSUPP || e == ENOSYS || e == EINVAL;
}

/* Writes this process's id in the lock file. Returns 0, or -1. */
static int write_pid(int fd)
{
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		return -1;
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* The folder that holds path, for messages. */
static char *parent_of(const char *path)
{
	char *copy = xstrdup(path);
	char *slash = strrchr(copy, '/');
	if (!slash)
		strcpy(copy, ".");
	else if (slash == copy)
		slash[1] = '\0';
	else
		*slash = '\0';
	return copy;
}

int lock_take(struct out_lock *l, const char *out, int wait_seconds, bool quiet,
	      struct diag *d)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, out);
	while (b.len > 1 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	buf_adds(&b, LOCK_SUFFIX);
	l->path = buf_detach(&b, NULL);
	l->fd = -1;
	long waited_ms = 0;
	bool told = false;
	for (;;) {
		int fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0) {
			char *parent = parent_of(l->path);
			int rc = diag_write_error(
				d, pos_folder(parent), 0,
				"cannot create the lock file %s beside the "
				"output (%s); make this folder writable, or "
				"choose another output with -o",
				l->path, strerror(errno));
			free(parent);
			return rc;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			if (!still_there(fd, l->path)) {
				close(fd);
				continue;
			}
			/* Should it fail, only the message of a waiting
			 * build lacks the process id. */
			write_pid(fd);
			l->fd = fd;
			return 0;
		}
		int e = errno;
		if (lock_unsupported(e)) {
			close(fd);
			unlink(l->path);
			diag_warning(d, pos_folder(out),
				     "the file system of the output cannot "
				     "lock files (%s): two builds into this "
				     "folder at once are not prevented",
				     strerror(e));
			return 0;
		}
		long pid = holder_pid(fd);
		close(fd);
		if (e != EWOULDBLOCK && e != EINTR)
			return diag_write_error(d, pos_file(l->path), e,
						"cannot lock");
		if (waited_ms >= (long)wait_seconds * 1000) {
			if (pid)
				return diag_write_error(
					d, pos_folder(out), 0,
					"another build (process %ld) is "
					"writing this output folder; run this "
					"one again when it is done",
					pid);
			return diag_write_error(d, pos_folder(out), 0,
						"another build is writing this "
						"output folder; run this one "
						"again when it is done");
		}
		/* Told once, with the other build's process id as soon as
		 * it has written it. */
		if (!quiet && !told && (pid || waited_ms >= 1000)) {
			if (pid)
				fprintf(stderr,
					/* TRANSLATORS: the output folder, and
					 * the process id of the build that
					 * holds it. */
					_("ocopgen: waiting for another build "
					  "of %s (pid %ld) to finish\n"),
					out, pid);
			else
				fprintf(stderr,
					/* TRANSLATORS: the output folder. */
					_("ocopgen: waiting for another build "
					  "of %s to finish\n"),
					out);
			told = true;
		}
		sleep_ms(POLL_MS);
		waited_ms += POLL_MS;
	}
}

void lock_release(struct out_lock *l)
{
	if (l->fd >= 0) {
		/* Removed while held: a build waiting on this file finds it
		 * gone once it has the lock, and makes a new one. */
		unlink(l->path);
		close(l->fd);
	}
	free(l->path);
	l->path = NULL;
	l->fd = -1;
}
