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
				    value_draw_fn *draw, const char *what,
				    const char *arg, value_memo *memo)
{
	if (!arg)
		return &value_null;
	struct value *v = value_new(a, VALUE_LAZY);
	v->u.lazy.make = make;
	v->u.lazy.draw = draw;
	v->u.lazy.what = what;
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

static void digest_str(XXH3_state_t *st, const char *s, size_t len)
{
	/* The length first, so that "ab"+"c" and "a"+"bc" differ. */
	uint64_t n = s ? len : UINT64_MAX;
	XXH3_128bits_update(st, &n, sizeof(n));
	if (s)
		XXH3_128bits_update(st, s, len);
}

static void digest_cstr(XXH3_state_t *st, const char *s)
{
	digest_str(st, s, s ? strlen(s) : 0);
}

static bool is_container(const struct value *v)
{
	return v->kind == VALUE_LIST || v->kind == VALUE_MAP;
}

/* The children of a list or map, in order; *keys is set for a map. */
static size_t children(const struct value *v, const struct value_pair **pairs)
{
	*pairs = v->kind == VALUE_MAP ? v->u.map.pairs : NULL;
	return v->kind == VALUE_MAP ? v->u.map.n : v->u.list.n;
}

static const struct value *child(const struct value *v, size_t i)
{
	return v->kind == VALUE_MAP ? v->u.map.pairs[i].val
				    : v->u.list.items[i];
}

/* Adds a value that is not a list or map. */
static void digest_leaf(const struct value *v, XXH3_state_t *st)
{
	unsigned char kind = (unsigned char)v->kind;
	XXH3_128bits_update(st, &kind, 1);
	switch (v->kind) {
	case VALUE_NULL:
	case VALUE_LIST:
	case VALUE_MAP:
		return;
	case VALUE_BOOL:
		kind = v->u.b;
		XXH3_128bits_update(st, &kind, 1);
		return;
	case VALUE_INT:
		XXH3_128bits_update(st, &v->u.i, sizeof(v->u.i));
		return;
	case VALUE_STR:
	case VALUE_HTML:
	case VALUE_PATH:
		digest_cstr(st, v->lang);
		digest_str(st, v->u.str.s, v->u.str.len);
		return;
	case VALUE_LAZY:
		digest_cstr(st, v->u.lazy.what);
		digest_cstr(st, v->u.lazy.arg);
		return;
	}
}

/* The head of a list or map: its kind and length. */
static void digest_head(const struct value *v, XXH3_state_t *st)
{
	const struct value_pair *pairs;
	uint64_t n = children(v, &pairs);
	digest_leaf(v, st);
	XXH3_128bits_update(st, &n, sizeof(n));
}

/* ------------------------------------------------------------------ */
/* Digests of shared values: Tarjan's strongly connected components. A
 * component's digest covers the content of its members, their links to
 * each other (by position) and the digests of the components they reach;
 * each member's digest is the component's with its position. */

struct digest_node {
	const struct value *v;
	size_t index, low; /* Tarjan's; index 0: not yet visited */
	size_t comp_pos;   /* position in its component */
	bool on_stack, done;
	XXH128_hash_t digest;
};

static size_t slot_of(const struct value_digests *vd, const struct value *v)
{
	size_t h = (size_t)XXH3_64bits(&v, sizeof(v)) & (vd->nslots - 1);
	while (vd->slots[h] && vd->nodes[vd->slots[h] - 1].v != v)
		h = (h + 1) & (vd->nslots - 1);
	return h;
}

static const struct digest_node *find_node(const struct value_digests *vd,
					   const struct value *v)
{
	if (!vd || !vd->nslots)
		return NULL;
	size_t s = vd->slots[slot_of(vd, v)];
	return s ? &vd->nodes[s - 1] : NULL;
}

/* The node of v, added when new. */
static size_t node_of(struct value_digests *vd, const struct value *v)
{
	if (2 * (vd->n + 1) > vd->nslots) {
		free(vd->slots);
		vd->nslots = vd->nslots ? vd->nslots * 2 : 1024;
		vd->slots = xcalloc(vd->nslots, sizeof(*vd->slots));
		for (size_t i = 0; i < vd->n; i++)
			vd->slots[slot_of(vd, vd->nodes[i].v)] = i + 1;
	}
	size_t h = slot_of(vd, v);
	if (vd->slots[h])
		return vd->slots[h] - 1;
	XGROW(vd->nodes, vd->n, vd->cap);
	vd->nodes[vd->n] = (struct digest_node){.v = v};
	vd->slots[h] = ++vd->n;
	return vd->n - 1;
}

struct tarjan {
	struct value_digests *vd;
	size_t next_index;
	size_t *stack, nstack, cap;
	XXH3_state_t *st;
};

/* Completes the component whose root is node root: members are
 * stack[from..]. */
static void close_component(struct tarjan *t, size_t from)
{
	struct value_digests *vd = t->vd;
	size_t *members = t->stack + from, n = t->nstack - from;
	for (size_t i = 0; i < n; i++)
		vd->nodes[members[i]].comp_pos = i;
	XXH3_128bits_reset(t->st);
	for (size_t i = 0; i < n; i++) {
		const struct value *v = vd->nodes[members[i]].v;
		const struct value_pair *pairs;
		size_t nc = children(v, &pairs);
		digest_head(v, t->st);
		for (size_t c = 0; c < nc; c++) {
			if (pairs)
				digest_cstr(t->st, pairs[c].key);
			const struct value *cv = child(v, c);
			if (!is_container(cv)) {
				digest_leaf(cv, t->st);
				continue;
			}
			const struct digest_node *cn =
				&vd->nodes[vd->slots[slot_of(vd, cv)] - 1];
			/* In this component: by position; else its digest. */
			unsigned char tag = cn->done ? 'D' : 'S';
			XXH3_128bits_update(t->st, &tag, 1);
			if (cn->done)
				XXH3_128bits_update(t->st, &cn->digest,
						    sizeof(cn->digest));
			else
				XXH3_128bits_update(t->st, &cn->comp_pos,
						    sizeof(cn->comp_pos));
		}
	}
	XXH128_hash_t comp = XXH3_128bits_digest(t->st);
	for (size_t i = 0; i < n; i++) {
		struct digest_node *node = &vd->nodes[members[i]];
		uint64_t pos = i;
		XXH128_hash_t parts[2] = {comp, {pos, 0}};
		node->digest = XXH3_128bits(parts, sizeof(parts));
		node->on_stack = false;
	}
	for (size_t i = 0; i < n; i++)
		vd->nodes[members[i]].done = true;
	t->nstack = from;
}

static void strong_connect(struct tarjan *t, size_t id)
{
	struct value_digests *vd = t->vd;
	vd->nodes[id].index = vd->nodes[id].low = ++t->next_index;
	vd->nodes[id].on_stack = true;
	XGROW(t->stack, t->nstack, t->cap);
	t->stack[t->nstack++] = id;
	const struct value *v = vd->nodes[id].v;
	const struct value_pair *pairs;
	size_t nc = children(v, &pairs);
	for (size_t c = 0; c < nc; c++) {
		const struct value *cv = child(v, c);
		if (!is_container(cv))
			continue;
		size_t cid = node_of(vd, cv);
		if (!vd->nodes[cid].index) {
			strong_connect(t, cid);
			if (vd->nodes[cid].low < vd->nodes[id].low)
				vd->nodes[id].low = vd->nodes[cid].low;
		} else if (vd->nodes[cid].on_stack &&
			   vd->nodes[cid].index < vd->nodes[id].low) {
			vd->nodes[id].low = vd->nodes[cid].index;
		}
	}
	if (vd->nodes[id].low != vd->nodes[id].index)
		return;
	size_t from = t->nstack;
	while (t->stack[--from] != id)
		;
	close_component(t, from);
}

void value_digests_build(struct value_digests *vd,
			 const struct value *const *roots, size_t n)
{
	memset(vd, 0, sizeof(*vd));
	struct tarjan t = {.vd = vd, .st = XXH3_createState()};
	if (!t.st)
		die_oom();
	for (size_t i = 0; i < n; i++) {
		if (!roots[i] || !is_container(roots[i]))
			continue;
		size_t id = node_of(vd, roots[i]);
		if (!vd->nodes[id].index)
			strong_connect(&t, id);
	}
	free(t.stack);
	XXH3_freeState(t.st);
}

void value_digests_release(struct value_digests *vd)
{
	free(vd->nodes);
	free(vd->slots);
	memset(vd, 0, sizeof(*vd));
}

void value_digest(const struct value *v, XXH3_state_t *st,
		  const struct value_digests *shared)
{
	if (!is_container(v)) {
		digest_leaf(v, st);
		return;
	}
	const struct digest_node *node = find_node(shared, v);
	if (node) {
		unsigned char tag = 'D';
		XXH3_128bits_update(st, &tag, 1);
		XXH3_128bits_update(st, &node->digest, sizeof(node->digest));
		return;
	}
	const struct value_pair *pairs;
	size_t nc = children(v, &pairs);
	digest_head(v, st);
	for (size_t c = 0; c < nc; c++) {
		if (pairs)
			digest_cstr(st, pairs[c].key);
		value_digest(child(v, c), st, shared);
	}
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
