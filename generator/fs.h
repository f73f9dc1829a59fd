/*
 * fs: the file-system helpers that the stages writing files share (images
 * for its cache, render for the site, publish for the output folder).
 * Every function returns 0, or -1 with errno set, and reports nothing:
 * the caller knows what the file was for and says so.
 */
#ifndef OCOPGEN_FS_H
#define OCOPGEN_FS_H

#include <stdbool.h>
#include <stddef.h>

/* Creates a folder and its missing parents, like mkdir -p. */
int fs_mkdir_p(const char *path);

/* Writes a new file, which must not exist yet, creating the folders of its
 * path that follow the first from bytes (those before are known to exist:
 * the output folder). */
int fs_write_new(const char *path, size_t from, const void *data, size_t len);

/* Makes path a second name of the file target (a hard link), with the
 * folders of path from byte from on when they are missing. Returns 0, or
 * -1 with errno (EXDEV, EPERM where the file system has no hard links). */
int fs_link_new(const char *target, const char *path, size_t from);

/* fs_link_new, or where the file system has no hard links (a USB stick's
 * FAT, another file system), a copy of target's bytes (fs_write_new). */
int fs_link_or_copy(const char *target, const char *path, size_t from);

/* Writes a file whole or not at all: under a temporary name beside it,
 * then renamed over it. */
int fs_write_atomic(const char *path, const void *data, size_t len);

/* Writes len bytes of data to fd, then closes fd (either way). errno is
 * ENOSPC when the disk takes nothing more. */
int fs_write_all_close(int fd, const void *data, size_t len);

/* Writes path whole (made, or emptied first), not synced. */
int fs_write_file(const char *path, const void *data, size_t len);

/* Makes what was written on the file system of path durable (syncfs):
 * after it, a power cut keeps every file's data and every rename. */
int fs_sync_fs(const char *path);

/* Makes the entries of folder dir durable: a file made, renamed or
 * removed in it. */
int fs_sync_dir(const char *dir);

/* True when path is a regular file (links followed). */
bool fs_is_file(const char *path);

/* The first of the folders rel[0..n-1], relative to the program's own
 * folder (that of /proc/self/exe), that is there, as a real path owned by
 * the caller; NULL when none is. */
char *fs_beside_program(const char *const *rel, size_t n);

/* Removes a folder and everything below it, without following links. The
 * entry named last at its top (NULL: none) is removed after all others,
 * so that a removal cut short leaves it in place. */
int fs_remove_tree(const char *path, const char *last);

#endif
