/*
 * value: the data a template sees. render builds a tree of values for each
 * page (maps, lists, strings, trusted HTML, site paths) and the template
 * program reads it. Values live in an arena and are never freed one by one;
 * they are read-only once built, so values shared by many pages (a product
 * card) may be read by several threads at once.
 */
#ifndef OCOPGEN_VALUE_H
#define OCOPGEN_VALUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

enum value_kind {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_INT,
	VALUE_STR,  /* plain text: escaped wherever it is written */
	VALUE_HTML, /* trusted markup made by the generator (cmark, SVG) */
	VALUE_PATH, /* a path inside the site, from its root ("vi/products/x/");
		       written as a link relative to the page being rendered */
	VALUE_LIST,
	VALUE_MAP,
	VALUE_LAZY, /* trusted markup made only when a template writes it */
};

struct value;

/* A lazy value's costly part: appends to out what draw needs, made from
 * arg; returns -1 (out unchanged) when arg cannot be drawn. */
typedef int value_make_fn(struct buf *out, const char *arg);
/* Its cheap part: appends the markup drawn from made[0..len). */
typedef void value_draw_fn(struct buf *out, const char *made, size_t len);

/* Where a lazy value shared by several pages keeps what make made: NULL
 * until then; a malloc'd string, or "" when it could not be made. */
typedef _Atomic(char *) value_memo;

struct value_pair {
	const char *key;
	const struct value *val;
};

struct value {
	enum value_kind kind;
	/* For STR and HTML: the language of the text when it is not the
	 * page's own (a fallback); the template marks it with lang="...". */
	const char *lang;
	union {
		bool b;
		long long i;
		struct {
			const char *s;
			size_t len;
		} str; /* STR, HTML, PATH */
		struct {
			const struct value **items;
			size_t n;
		} list;
		struct {
			struct value_pair *pairs;
			size_t n, cap;
		} map;
		struct {
			value_make_fn *make;
			value_draw_fn *draw; /* NULL: make's output is the
						markup */
			const char *arg;
			value_memo *memo; /* NULL: made again at each write */
		} lazy;
	} u;
};

extern const struct value value_null;

const struct value *value_bool(struct arena *a, bool b);
const struct value *value_int(struct arena *a, long long i);
/* The string is borrowed, not copied: it must outlive the value (model
 * strings and arena strings do). NULL gives value_null. */
const struct value *value_str(struct arena *a, const char *s);
const struct value *value_str_lang(struct arena *a, const char *s,
				   const char *lang);
const struct value *value_html(struct arena *a, const char *html,
			       const char *lang);
const struct value *value_path(struct arena *a, const char *site_path);

/* Markup that is costly to make (a QR code) and that only a page rendered
 * again needs: when a template writes the value, make(out, arg) runs, and
 * draw turns what it made into the markup. arg is borrowed; NULL gives
 * value_null. memo may be NULL;
 * otherwise what make made is kept there for the next write, and the
 * caller frees *memo. */
const struct value *value_lazy_html(struct arena *a, value_make_fn *make,
				    value_draw_fn *draw, const char *arg,
				    value_memo *memo);

/* Appends the markup of a lazy value to out. Safe from several threads. */
void value_lazy_write(const struct value *v, struct buf *out);

struct value *value_list(struct arena *a, size_t n);
void value_list_set(struct value *list, size_t i, const struct value *item);

struct value *value_map(struct arena *a);
/* Adds or replaces key (borrowed; use string literals or arena strings).
 * map must be a map (a BUG() otherwise). */
void value_map_set(struct arena *a, struct value *map, const char *key,
		   const struct value *val);
/* Returns the value under key, or NULL when map is not a map or lacks it. */
const struct value *value_map_get(const struct value *map, const char *key);

/* Truth as templates see it: NULL, false, 0, "" and [] are false. A site
 * path is always true ("" is the root); a map, even empty, is true. */
bool value_truthy(const struct value *v);

#endif
