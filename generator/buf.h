/*
 * buf: the one growable byte buffer of ocopgen.
 *
 * A buffer is always NUL-terminated, so buf.data can be used as a C string
 * (it may also hold NUL bytes; buf.len is the truth). Allocation failure
 * aborts the program: every caller may assume that appends succeed.
 */
#ifndef OCOPGEN_BUF_H
#define OCOPGEN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated; never NULL after buf_init */
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                               \
	{                                                                      \
		buf_empty, 0, 0                                                \
	}
extern char buf_empty[];

void buf_init(struct buf *b);
/* Frees the storage; the buffer is empty and reusable afterwards. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its storage for reuse. */
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* Appends i in decimal, without the cost of printf. */
void buf_add_int(struct buf *b, long long i);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Gives the storage to the caller, who frees it with free(); the buffer is
 * empty afterwards. Never returns NULL. */
char *buf_detach(struct buf *b, size_t *len);

/* Appends s escaped for HTML text and double-quoted attribute values. */
void buf_add_html(struct buf *b, const char *s, size_t len);

/* Reads a whole file. Returns 0 and fills b (appending), or -1 with errno
 * set. */
int buf_read_file(struct buf *b, const char *path);

#endif
