/*
 * arena: a bump allocator for data that dies all at once (a page's template
 * values, the strings of one language). Allocation failure aborts.
 */
#ifndef OCOPGEN_ARENA_H
#define OCOPGEN_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};

#define ARENA_INIT                                                             \
	{                                                                      \
		0                                                              \
	}

/* Returns zeroed memory aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies len bytes of s and a NUL; owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees everything but the first chunk, which is kept for reuse. */
void arena_reset(struct arena *a);
/* Frees everything. */
void arena_release(struct arena *a);

#endif
