/* Template values: small arena-backed trees, built once, read by many. */
#include "value.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

const struct value value_null = {.kind = VALUE_NULL};

static struct value *value_new(struct arena *a, enum value_kind kind)
{
	struct value *v = arena_alloc(a, sizeof(*v));
	v->kind = kind;
	return v;
}

const struct value *value_bool(struct arena *a, bool b)
{
	struct value *v = value_new(a, VALUE_BOOL);
	v->u.b = b;
	return v;
}

const struct value *value_int(struct arena *a, long long i)
{
	struct value *v = value_new(a, VALUE_INT);
	v->u.i = i;
	return v;
}

static const struct value *value_text(struct arena *a, enum value_kind kind,
				      const char *s, const char *lang)
{
	if (!s)
		return &value_null;
	struct value *v = value_new(a, kind);
	v->lang = lang;
	v->u.str.s = s;
	v->u.str.len = strlen(s);
	return v;
}

const struct value *value_str(struct arena *a, const char *s)
{
	return value_text(a, VALUE_STR, s, NULL);
}

const struct value *value_str_lang(struct arena *a, const char *s,
				   const char *lang)
{
	return value_text(a, VALUE_STR, s, lang);
}

const struct value *value_html(struct arena *a, const char *html,
			       const char *lang)
{
	return value_text(a, VALUE_HTML, html, lang);
}

const struct value *value_path(struct arena *a, const char *site_path)
{
	return value_text(a, VALUE_PATH, site_path, NULL);
}

const struct value *value_lazy_html(struct arena *a, value_make_fn *make,
				    value_draw_fn *draw, const char *arg,
				    value_memo *memo)
{
	if (!arg)
		return &value_null;
	struct value *v = value_new(a, VALUE_LAZY);
	v->u.lazy.make = make;
	v->u.lazy.draw = draw;
	v->u.lazy.arg = arg;
	v->u.lazy.memo = memo;
	return v;
}

/* What make made for v: kept in its memo (made once, by whichever thread
 * comes first), or in tmp. NULL when it could not be made. */
static const char *lazy_made(const struct value *v, struct buf *tmp,
			     size_t *len)
{
	value_memo *memo = v->u.lazy.memo;
	if (!memo) {
		if (v->u.lazy.make(tmp, v->u.lazy.arg) < 0 || !tmp->data)
			return NULL;
		*len = tmp->len;
		return tmp->data;
	}
	char *made = atomic_load(memo);
	if (!made) {
		/* Two threads may both make it; one copy is kept. */
		if (v->u.lazy.make(tmp, v->u.lazy.arg) < 0 || !tmp->data)
			made = xstrdup("");
		else
			made = buf_detach(tmp, NULL);
		char *expected = NULL;
		if (!atomic_compare_exchange_strong(memo, &expected, made)) {
			free(made);
			made = expected;
		}
	}
	*len = strlen(made);
	return *made ? made : NULL;
}

void value_lazy_write(const struct value *v, struct buf *out)
{
	if (v->kind != VALUE_LAZY)
		BUG("value_lazy_write on a value that is not lazy");
	if (!v->u.lazy.draw && !v->u.lazy.memo) {
		v->u.lazy.make(out, v->u.lazy.arg);
		return;
	}
	struct buf tmp = BUF_INIT;
	size_t len = 0;
	const char *made = lazy_made(v, &tmp, &len);
	if (made && v->u.lazy.draw)
		v->u.lazy.draw(out, made, len);
	else if (made)
		buf_add(out, made, len);
	buf_release(&tmp);
}

struct value *value_list(struct arena *a, size_t n)
{
	struct value *v = value_new(a, VALUE_LIST);
	v->u.list.items =
		arena_alloc(a, (n ? n : 1) * sizeof(*v->u.list.items));
	/* An item left unset reads as null rather than crashing a run. */
	for (size_t i = 0; i < n; i++)
		v->u.list.items[i] = &value_null;
	v->u.list.n = n;
	return v;
}

void value_list_set(struct value *list, size_t i, const struct value *item)
{
	if (list->kind != VALUE_LIST)
		BUG("value_list_set on a value that is not a list");
	if (i >= list->u.list.n)
		BUG("item %zu of a list of %zu", i, list->u.list.n);
	list->u.list.items[i] = item ? item : &value_null;
}

struct value *value_map(struct arena *a)
{
	return value_new(a, VALUE_MAP);
}

void value_map_set(struct arena *a, struct value *map, const char *key,
		   const struct value *val)
{
	if (map->kind != VALUE_MAP)
		BUG("value_map_set(\"%s\") on a value that is not a map", key);
	if (!val)
		val = &value_null;
	struct value_pair *p = map->u.map.pairs;
	for (size_t i = 0; i < map->u.map.n; i++) {
		if (!strcmp(p[i].key, key)) {
			p[i].val = val;
			return;
		}
	}
	if (map->u.map.n == map->u.map.cap) {
		/* The old array stays in the arena; maps are small and few
		 * grow past their first few keys. */
		size_t cap = map->u.map.cap ? map->u.map.cap * 2 : 8;
		struct value_pair *np = arena_alloc(a, cap * sizeof(*np));
		if (map->u.map.n)
			memcpy(np, p, map->u.map.n * sizeof(*np));
		map->u.map.pairs = np;
		map->u.map.cap = cap;
	}
	map->u.map.pairs[map->u.map.n].key = key;
	map->u.map.pairs[map->u.map.n].val = val;
	map->u.map.n++;
}

const struct value *value_map_get(const struct value *map, const char *key)
{
	if (!map || map->kind != VALUE_MAP)
		return NULL;
	for (size_t i = 0; i < map->u.map.n; i++)
		if (!strcmp(map->u.map.pairs[i].key, key))
			return map->u.map.pairs[i].val;
	return NULL;
}

bool value_truthy(const struct value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VALUE_NULL:
		return false;
	case VALUE_BOOL:
		return v->u.b;
	case VALUE_INT:
		return v->u.i != 0;
	case VALUE_STR:
	case VALUE_HTML:
		return v->u.str.len != 0;
	case VALUE_PATH:
		/* "" is the site root, a real place to link to. */
		return true;
	case VALUE_LIST:
		return v->u.list.n != 0;
	case VALUE_MAP:
	case VALUE_LAZY:
		return true;
	}
	return false;
}
