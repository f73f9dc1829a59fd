/* The output's layout: every page and its path. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *const layout_lang_folders[] = {
	"products", "producers", "groups", "stars",	   "stories",
	"pages",    "catalogue", "search", "search-index", NULL,
};

const char *layout_path(const struct model *m, struct arena *a,
			enum page_kind kind, size_t lang, size_t index)
{
	const char *l = m->site.langs[lang];
	switch (kind) {
	case PAGE_ROOT:
		return "";
	case PAGE_NOT_FOUND:
		return "404.html";
	case PAGE_HOME:
		return arena_printf(a, "%s/", l);
	case PAGE_PRODUCTS:
		return arena_printf(a, "%s/products/", l);
	case PAGE_PRODUCT:
		return arena_printf(a, "%s/products/%s/", l,
				    m->products[index].slug);
	case PAGE_PRODUCERS:
		return arena_printf(a, "%s/producers/", l);
	case PAGE_PRODUCER:
		return arena_printf(a, "%s/producers/%s/", l,
				    m->producers[index].id);
	case PAGE_GROUP:
		return arena_printf(a, "%s/groups/%s/", l,
				    m->site.groups[index].id);
	case PAGE_AREA:
		return arena_printf(a, "%s/%s/%s/", l, m->site.areas.id,
				    m->site.areas.places[index].id);
	case PAGE_STARS:
		return arena_printf(a, "%s/stars/%zu/", l, index);
	case PAGE_STORIES:
		return arena_printf(a, "%s/stories/", l);
	case PAGE_STORY:
		return arena_printf(a, "%s/stories/%s/", l,
				    m->stories[index].slug);
	case PAGE_PAGE:
		return arena_printf(a, "%s/pages/%s/", l, m->pages[index].slug);
	case PAGE_CATALOGUE:
		return index ? arena_printf(a, "%s/catalogue/%zu/", l, index)
			     : arena_printf(a, "%s/catalogue/", l);
	case PAGE_SEARCH:
		return arena_printf(a, "%s/search/", l);
	case PAGE_KINDS:
		break;
	}
	return "";
}

const char *layout_media_path(struct arena *a, const char *section,
			      const char *slug, const char *file)
{
	return arena_printf(a, "media/%s/%s/%s", section, slug, file);
}

const char *layout_file(struct arena *a, const char *path)
{
	size_t len = strlen(path);
	if (len && path[len - 1] != '/')
		return path;
	return arena_printf(a, "%sindex.html", path);
}

const char *layout_base_path(const struct model *m, struct arena *a)
{
	const char *u = m->site.base_url ? m->site.base_url : "/";
	const char *host = strstr(u, "://");
	const char *path = host ? strchr(host + 3, '/') : u;
	return arena_strdup(a, path ? path : "/");
}

const char *layout_url(const struct model *m, struct arena *a,
		       const char *site_path)
{
	return arena_printf(a, "%s%s", m->site.base_url, site_path);
}

const char *layout_image_variant(struct arena *a, const char *source, int width)
{
	const char *dot = strrchr(source, '.');
	int stem = (int)(dot ? (size_t)(dot - source) : strlen(source));
	return width ? arena_printf(a, "%.*s-%d.webp", stem, source, width)
		     : arena_printf(a, "%.*s-share.jpg", stem, source);
}

const char *layout_share_image(struct arena *a, const struct product *p)
{
	if (!p->nimages)
		return NULL;
	return layout_image_variant(
		a, layout_media_path(a, "products", p->slug, p->images[0].file),
		0);
}

static void add(struct layout *l, const struct model *m, size_t *cap,
		enum page_kind kind, size_t lang, size_t index)
{
	l->pages = xgrow(l->pages, l->npages, cap, sizeof(*l->pages));
	l->pages[l->npages++] = (struct site_page){
		kind, lang, index,
		layout_path(m, &l->arena, kind, lang, index)};
}

/* Sorts order (n product indexes) into buckets by bucket_of, keeping the
 * order within each: sets out and first[0 .. nbuckets] (first[b] the
 * start of bucket b, first[nbuckets] its end); a product in no bucket
 * (bucket_of gives nbuckets) is left out. */
static void
bucket(const struct model *m, const size_t *order, size_t n, size_t nbuckets,
       size_t (*bucket_of)(const struct model *, const struct product *),
       size_t *out, size_t *first)
{
	memset(first, 0, (nbuckets + 1) * sizeof(*first));
	for (size_t i = 0; i < n; i++) {
		size_t b = bucket_of(m, &m->products[order[i]]);
		if (b < nbuckets)
			first[b + 1]++;
	}
	for (size_t b = 0; b < nbuckets; b++)
		first[b + 1] += first[b];
	size_t *next = xcalloc(nbuckets + 1, sizeof(*next));
	memcpy(next, first, nbuckets * sizeof(*next));
	for (size_t i = 0; i < n; i++) {
		size_t b = bucket_of(m, &m->products[order[i]]);
		if (b < nbuckets)
			out[next[b]++] = order[i];
	}
	free(next);
}

static size_t group_of(const struct model *m, const struct product *p)
{
	return p->group ? (size_t)(p->group - m->site.groups) : m->site.ngroups;
}

static size_t area_of(const struct model *m, const struct product *p)
{
	return p->area ? (size_t)(p->area - m->site.areas.places)
		       : m->site.areas.nplaces;
}

static size_t level_of(const struct model *m, const struct product *p)
{
	(void)m;
	return p->stars >= 0 && p->stars <= 5 ? (size_t)p->stars : 6;
}

/* The products of every listing, in its order, and how many each has. */
static void list_products(struct layout *l, const struct model *m)
{
	size_t n = m->nproducts, ng = m->site.ngroups,
	       na = m->site.areas.nplaces;
	l->by_stars = model_by_stars(m);
	l->by_group = xcalloc(n + 1, sizeof(size_t));
	l->group_first = xcalloc(ng + 1, sizeof(size_t));
	bucket(m, l->by_stars, n, ng, group_of, l->by_group, l->group_first);
	l->by_area = xcalloc(n + 1, sizeof(size_t));
	l->area_first = xcalloc(na + 1, sizeof(size_t));
	bucket(m, l->by_stars, n, na, area_of, l->by_area, l->area_first);
	l->by_level = xcalloc(n + 1, sizeof(size_t));
	bucket(m, l->by_stars, n, 6, level_of, l->by_level, l->level_first);
	size_t *model_order = xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		model_order[i] = i;
	l->in_groups = xcalloc(n + 1, sizeof(size_t));
	l->in_group_first = xcalloc(ng + 2, sizeof(size_t));
	/* With a bucket for the products without a group. */
	bucket(m, model_order, n, ng + 1, group_of, l->in_groups,
	       l->in_group_first);
	free(model_order);
	l->group_count = xcalloc(ng + 1, sizeof(size_t));
	for (size_t g = 0; g < ng; g++)
		l->group_count[g] = l->group_first[g + 1] - l->group_first[g];
	l->area_count = xcalloc(na + 1, sizeof(size_t));
	for (size_t i = 0; i < na; i++)
		l->area_count[i] = l->area_first[i + 1] - l->area_first[i];
	for (size_t s = 0; s < 6; s++)
		l->star_count[s] = l->level_first[s + 1] - l->level_first[s];
}

size_t layout_listing(const struct layout *l, const struct site_page *page,
		      const size_t **products)
{
	const size_t *first;
	switch (page->kind) {
	case PAGE_PRODUCTS:
		*products = l->by_stars;
		return l->nproducts;
	case PAGE_GROUP:
		*products = l->by_group;
		first = l->group_first;
		break;
	case PAGE_AREA:
		*products = l->by_area;
		first = l->area_first;
		break;
	case PAGE_STARS:
		*products = l->by_level;
		first = l->level_first;
		break;
	default:
		*products = NULL;
		return 0;
	}
	*products += first[page->index];
	return first[page->index + 1] - first[page->index];
}

const size_t *layout_part_members(const struct layout *l, size_t k)
{
	const struct catalogue_part *part = &l->parts[k];
	return l->in_groups + l->in_group_first[part->group] + part->first;
}

/* Splits the printed catalogue by group, in parts of at most
 * CATALOGUE_PART_MAX products, when it holds more than that. */
static void split_catalogue(struct layout *l, const struct model *m)
{
	if (m->nproducts <= CATALOGUE_PART_MAX)
		return;
	size_t cap = 0;
	for (size_t g = 0; g <= m->site.ngroups; g++) {
		size_t in_group =
			l->in_group_first[g + 1] - l->in_group_first[g];
		size_t of = (in_group + CATALOGUE_PART_MAX - 1) /
			    CATALOGUE_PART_MAX;
		for (size_t k = 0; k < of; k++) {
			size_t first = k * CATALOGUE_PART_MAX;
			size_t n = in_group - first;
			XGROW(l->parts, l->nparts, cap);
			l->parts[l->nparts++] = (struct catalogue_part){
				.group = g,
				.first = first,
				.n = n < CATALOGUE_PART_MAX
					     ? n
					     : CATALOGUE_PART_MAX,
				.number = k + 1,
				.of = of,
			};
		}
	}
}

void layout_build(struct layout *l, const struct model *m)
{
	memset(l, 0, sizeof(*l));
	l->nproducts = m->nproducts;
	list_products(l, m);
	split_catalogue(l, m);
	size_t cap = 0;
	add(l, m, &cap, PAGE_ROOT, 0, 0);
	add(l, m, &cap, PAGE_NOT_FOUND, 0, 0);
	for (size_t lang = 0; lang < m->site.nlangs; lang++) {
		add(l, m, &cap, PAGE_HOME, lang, 0);
		add(l, m, &cap, PAGE_PRODUCTS, lang, 0);
		add(l, m, &cap, PAGE_PRODUCERS, lang, 0);
		add(l, m, &cap, PAGE_SEARCH, lang, 0);
		if (m->nstories)
			add(l, m, &cap, PAGE_STORIES, lang, 0);
		for (size_t i = 0; i < m->nproducts; i++)
			add(l, m, &cap, PAGE_PRODUCT, lang, i);
		for (size_t i = 0; i < m->nproducers; i++)
			add(l, m, &cap, PAGE_PRODUCER, lang, i);
		for (size_t i = 0; i < m->site.ngroups; i++)
			if (l->group_count[i])
				add(l, m, &cap, PAGE_GROUP, lang, i);
		for (size_t i = 0; i < m->site.areas.nplaces; i++)
			if (l->area_count[i])
				add(l, m, &cap, PAGE_AREA, lang, i);
		for (size_t s = 5; s >= 3; s--)
			if (l->star_count[s])
				add(l, m, &cap, PAGE_STARS, lang, s);
		for (size_t i = 0; i < m->nstories; i++)
			add(l, m, &cap, PAGE_STORY, lang, i);
		for (size_t i = 0; i < m->npages; i++)
			add(l, m, &cap, PAGE_PAGE, lang, i);
		for (size_t k = 0; k <= l->nparts; k++)
			add(l, m, &cap, PAGE_CATALOGUE, lang, k);
	}
}

void layout_release(struct layout *l)
{
	free(l->pages);
	free(l->group_count);
	free(l->area_count);
	free(l->parts);
	free(l->by_stars);
	free(l->by_group);
	free(l->group_first);
	free(l->by_area);
	free(l->area_first);
	free(l->by_level);
	free(l->in_groups);
	free(l->in_group_first);
	arena_release(&l->arena);
	memset(l, 0, sizeof(*l));
}
