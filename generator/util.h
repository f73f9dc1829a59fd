/*
 * util: the helpers beneath every module. Memory that cannot be had stops
 * the program with "out of memory" (no caller checks for NULL), and a
 * broken invariant, a bug of ocopgen rather than of the content, stops it
 * with BUG() and where it happened.
 */
#ifndef OCOPGEN_UTIL_H
#define OCOPGEN_UTIL_H

#include <stddef.h>
#include <stdnoreturn.h>

/* Prints "ocopgen: out of memory" and aborts. */
noreturn void die_oom(void);

/* Prints "ocopgen: BUG: FILE:LINE: message" and aborts. Use through BUG(). */
noreturn void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

/* malloc, calloc, realloc and strdup that never return NULL. xmalloc(0)
 * and xcalloc(0, size) give a valid pointer to free. xreallocarray checks
 * n * size for overflow. Free with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

/* Gives the memory that free has taken back, but the allocator still
 * holds, to the system: after a stage that used much and freed it (a
 * search index made, a language's page data dropped), so that the next
 * does not add to the peak. Nothing where the C library cannot. */
void give_back_memory(void);

/* Makes room for element n of an array of elements of size bytes that has
 * room for *cap: doubles *cap (from 8) until n < *cap. Returns the array,
 * moved when it grew. Use through XGROW(array, n, cap). */
void *xgrow(void *p, size_t n, size_t *cap, size_t size);
#define XGROW(p, n, cap) ((p) = xgrow((p), (n), &(cap), sizeof(*(p))))

/* Compares two char * elements with strcmp: for qsort and bsearch of
 * arrays of strings. */
int cmp_strings(const void *a, const void *b);

/* The number of elements of an array (not of a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
