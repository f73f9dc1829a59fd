/* Several files replaced as one, across a kill. */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "util.h"

#define JOURNAL ".ocopgen-journal"
#define NEW ".ocopgen-new"
#define HEAD "ocopgen journal 1\n"
#define COMMIT "commit\n"

/* dir/rel into b. */
static const char *in_dir(struct buf *b, const char *dir, const char *rel,
			  const char *suffix)
{
	buf_reset(b);
	buf_printf(b, "%s/%s%s", dir, rel, suffix ? suffix : "");
	return b->data;
}

/* Appends text to the journal and makes it durable. */
static int append(int fd, const char *text)
{
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		done += (size_t)n;
	}
	return fdatasync(fd);
}

/* The entries of a journal's text: each "file\tPATH\tFOLDER" line as
 * PATH and FOLDER ("-" for none), in place (the text is cut). Returns how
 * many, and whether the last line is "commit". */
static size_t entries(char *text, char ***paths, char ***folders,
		      bool *committed)
{
	size_t n = 0, cap = 0, fcap = 0;
	*paths = *folders = NULL;
	*committed = false;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		*committed = !strcmp(line, "commit");
		if (strncmp(line, "file\t", 5))
			continue;
		char *path = line + 5, *tab = strchr(path, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		XGROW(*paths, n, cap);
		XGROW(*folders, n, fcap);
		(*paths)[n] = path;
		(*folders)[n] = strcmp(tab + 1, "-") ? tab + 1 : NULL;
		n++;
	}
	return n;
}

/* Renames each new file in (a decided change), or removes them and the
 * folders made for them (one that was not), then the journal. */
static int finish(const char *dir, char **paths, char **folders, size_t n,
		  bool committed)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		in_dir(&a, dir, paths[i], NEW);
		in_dir(&b, dir, paths[i], NULL);
		if (committed) {
			if (rename(a.data, b.data) < 0 && errno != ENOENT)
				rc = -1;
		} else if (unlink(a.data) < 0 && errno != ENOENT) {
			rc = -1;
		}
	}
	/* The folders made, deepest first; only when empty. */
	for (size_t i = n; !committed && i-- > 0;)
		if (folders[i] &&
		    rmdir(in_dir(&a, dir, folders[i], NULL)) < 0 &&
		    errno != ENOENT && errno != ENOTEMPTY)
			rc = -1;
	if (rc == 0) {
		/* The renames last before the journal goes. */
		fs_sync_fs(dir);
		if (unlink(in_dir(&a, dir, JOURNAL, NULL)) < 0)
			rc = -1;
		else
			fs_sync_dir(dir);
	}
	int e = errno;
	buf_release(&a);
	buf_release(&b);
	errno = e;
	return rc;
}

int journal_replace(const char *dir, const struct journal_file *files, size_t n)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int fd = open(in_dir(&path, dir, JOURNAL, NULL),
		      O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		buf_release(&path);
		return -1;
	}
	/* 1. What will be written, before anything is. */
	buf_adds(&text, HEAD);
	for (size_t i = 0; i < n; i++)
		buf_printf(&text, "file\t%s\t%s\n", files[i].path,
			   files[i].folder ? files[i].folder : "-");
	int rc = append(fd, text.data);
	if (rc == 0)
		fs_sync_dir(dir);
	/* 2. The new files beside the old, synced. */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (files[i].folder &&
		    mkdir(in_dir(&path, dir, files[i].folder, NULL), 0755) <
			    0 &&
		    errno != EEXIST)
			rc = -1;
		if (rc == 0)
			rc = fs_write_file(
				in_dir(&path, dir, files[i].path, NEW),
				files[i].data, files[i].len);
	}
	if (rc == 0)
		rc = fs_sync_fs(dir);
	/* 3. Decided: from here a killed run is finished by the next. */
	if (rc == 0)
		rc = append(fd, COMMIT);
	int e = errno;
	close(fd);
	/* 4. The renames, then the journal goes. */
	char **paths = xcalloc(n + 1, sizeof(*paths));
	char **folders = xcalloc(n + 1, sizeof(*folders));
	for (size_t i = 0; i < n; i++) {
		paths[i] = (char *)files[i].path;
		folders[i] = (char *)files[i].folder;
	}
	int done = finish(dir, paths, folders, n, rc == 0);
	if (rc == 0 && done < 0)
		e = errno;
	free(paths);
	free(folders);
	buf_release(&path);
	buf_release(&text);
	errno = e;
	return rc == 0 && done == 0 ? 0 : -1;
}

int journal_recover(const char *dir)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int rc = 0;
	if (buf_read_file(&text, in_dir(&path, dir, JOURNAL, NULL)) == 0) {
		/* Killed before its first line: nothing else was done. */
		buf_adds(&text, "");
		char **paths, **folders;
		bool committed;
		size_t n = entries(text.data, &paths, &folders, &committed);
		rc = finish(dir, paths, folders, n, committed) < 0 ? -1
		     : committed				   ? 1
								   : 2;
		free(paths);
		free(folders);
	} else if (errno != ENOENT) {
		rc = -1;
	}
	int e = errno;
	buf_release(&path);
	buf_release(&text);
	errno = e;
	return rc;
}
