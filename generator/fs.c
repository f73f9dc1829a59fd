/* Folders made, files written whole, trees removed. */
#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/* Creates the folders of path from byte from on; path->data[len] is the
 * end of the last folder to create (a '/' or the NUL). The deepest is
 * tried first: most often only it is missing. */
static int make_folders(struct buf *path, size_t from, size_t len)
{
	char c = path->data[len];
	path->data[len] = '\0';
	int rc = mkdir(path->data, 0755);
	int e = errno;
	if (rc < 0 && e == ENOENT) {
		char *slash = strrchr(path->data, '/');
		size_t parent = slash ? (size_t)(slash - path->data) : 0;
		rc = -1;
		if (parent > 0 && parent >= from &&
		    make_folders(path, from, parent) == 0) {
			rc = mkdir(path->data, 0755);
			e = errno;
		}
	}
	path->data[len] = c;
	if (rc < 0 && e != EEXIST) {
		errno = e;
		return -1;
	}
	return 0;
}

int fs_mkdir_p(const char *path)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, path);
	int rc = make_folders(&b, 0, b.len);
	int e = errno;
	buf_release(&b);
	errno = e;
	return rc;
}

/* Runs make(path, arg); when it fails for want of a folder, makes the
 * folders of path from byte from on (those before are known to exist) and
 * runs it again. Most files go into a folder that is already there: its
 * folders are made only when the file could not be made without them. */
static int with_folders(const char *path, size_t from,
			int (*make)(const char *path, const void *arg),
			const void *arg)
{
	int rc = make(path, arg);
	if (rc < 0 && errno == ENOENT) {
		struct buf b = BUF_INIT;
		buf_adds(&b, path);
		const char *slash = strrchr(b.data, '/');
		if (slash && (size_t)(slash - b.data) >= from &&
		    make_folders(&b, from, (size_t)(slash - b.data)) == 0)
			rc = make(path, arg);
		int e = errno;
		buf_release(&b);
		errno = e;
	}
	return rc;
}

static int open_new(const char *path, const void *arg)
{
	(void)arg;
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
}

int fs_write_new(const char *path, size_t from, const void *data, size_t len)
{
	int fd = with_folders(path, from, open_new, NULL);
	if (fd < 0)
		return -1;
	return fs_write_all_close(fd, data, len);
}

static int link_from(const char *path, const void *target)
{
	return link(target, path);
}

int fs_link_new(const char *target, const char *path, size_t from)
{
	return with_folders(path, from, link_from, target);
}

int fs_link_or_copy(const char *target, const char *path, size_t from)
{
	int rc = fs_link_new(target, path, from);
	/* Not for want of the file, of room or of a writable disk: for want
	 * of hard links. */
	if (rc < 0 && errno != ENOENT && errno != ENOSPC && errno != EDQUOT &&
	    errno != EROFS) {
		struct buf data = BUF_INIT;
		rc = buf_read_file(&data, target);
		if (rc == 0)
			rc = fs_write_new(path, from, data.data, data.len);
		int e = errno;
		buf_release(&data);
		errno = e;
	}
	return rc;
}

int fs_write_atomic(const char *path, const void *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp-%ld-%lu", path, (long)getpid(),
		   (unsigned long)pthread_self());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = -1;
	if (fd >= 0 && fs_write_all_close(fd, data, len) == 0 &&
	    rename(tmp.data, path) == 0)
		rc = 0;
	if (rc < 0) {
		int e = errno;
		unlink(tmp.data);
		errno = e;
	}
	buf_release(&tmp);
	return rc;
}

int fs_write_all_close(int fd, const void *data, size_t len)
{
	int e = 0;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* write() gives 0 when nothing more fits */
			e = n < 0 ? errno : ENOSPC;
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0 && !e)
		e = errno;
	errno = e;
	return e ? -1 : 0;
}

int fs_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	return fs_write_all_close(fd, data, len);
}

/* Opens path with flags, runs sync on it, closes it. */
static int sync_path(const char *path, int flags, int (*sync)(int fd))
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = sync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

int fs_sync_fs(const char *path)
{
	return sync_path(path, O_RDONLY, syncfs);
}

int fs_sync_dir(const char *dir)
{
	return sync_path(dir, O_RDONLY | O_DIRECTORY, fsync);
}

bool fs_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *fs_beside_program(const char *const *rel, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	for (size_t i = 0; i < n; i++) {
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s/%s", exe, rel[i]);
		struct stat st;
		char *real = stat(p.data, &st) == 0 && S_ISDIR(st.st_mode)
				     ? realpath(p.data, NULL)
				     : NULL;
		buf_release(&p);
		if (real)
			return real;
	}
	return NULL;
}

/* nftw passes no context: the name kept for last, per thread. */
static _Thread_local const char *remove_last;

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	if (ftw->level == 1 && remove_last &&
	    !strcmp(path + ftw->base, remove_last))
		return 0;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int fs_remove_tree(const char *path, const char *last)
{
	remove_last = last;
	int rc = nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	remove_last = NULL;
	if (rc < 0)
		return -1;
	if (last) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s/%s", path, last);
		unlink(b.data);
		buf_release(&b);
	}
	return rmdir(path);
}
