/* References, dates and order across the whole catalogue. */
#include "validate.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "layout.h"
#include "sources.h"
#include "text.h"

/* What a reference names. */
enum ref_kind { REF_AREA, REF_GROUP, REF_PRODUCER, REF_PRODUCT };

/* Reports the reference id to a kind that names none: with the nearest
 * id, hint, when there is one, else with where, what to do instead. */
static void unknown_ref(struct diag *d, struct pos pos, enum ref_kind kind,
			const char *id, const char *hint, const char *where)
{
	switch (kind) {
	case REF_AREA:
		if (hint)
			diag_error(d, pos,
				   "unknown area \"%s\"; did you mean \"%s\"?",
				   id, hint);
		else
			diag_error(d, pos, "unknown area \"%s\": %s", id,
				   where);
		break;
	case REF_GROUP:
		if (hint)
			diag_error(d, pos,
				   "unknown product group \"%s\"; did you "
				   "mean \"%s\"?",
				   id, hint);
		else
			diag_error(d, pos, "unknown product group \"%s\": %s",
				   id, where);
		break;
	case REF_PRODUCER:
		if (hint)
			diag_error(d, pos,
				   "unknown producer \"%s\"; did you mean "
				   "\"%s\"?",
				   id, hint);
		else
			diag_error(d, pos, "unknown producer \"%s\": %s", id,
				   where);
		break;
	case REF_PRODUCT:
		if (hint)
			diag_error(d, pos,
				   "unknown product \"%s\"; did you mean "
				   "\"%s\"?",
				   id, hint);
		else
			diag_error(d, pos, "unknown product \"%s\": %s", id,
				   where);
		break;
	}
}

static const struct place *resolve_area(const struct model *m, struct diag *d,
					const char *id, struct pos pos)
{
	const struct place *found = model_find_area(m, id);
	if (!found)
		unknown_ref(d, pos, REF_AREA, id,
			    text_nearest(id, m, m->site.areas.nplaces,
					 model_area_id),
			    /* TRANSLATORS: the %s of "unknown area \"%s\":
			     * %s". */
			    _("add it to the \"places\" of \"areas\" in "
			      "site.json"));
	return found;
}

/* The areas' id names a folder of each language and the listing filter's
 * query: it must be neither a folder of the site's other pages nor the
 * filter's other names. */
static void check_areas_id(const struct model *m, struct diag *d)
{
	static const char *const filter_names[] = {"group", "stars", "sort",
						   NULL};
	const struct areas *ar = &m->site.areas;
	if (!ar->id)
		return;
	for (size_t i = 0; layout_lang_folders[i]; i++)
		if (!strcmp(ar->id, layout_lang_folders[i])) {
			struct buf all = BUF_INIT;
			for (size_t k = 0; layout_lang_folders[k]; k++)
				buf_printf(&all, "%s\"%s\"", k ? ", " : "",
					   layout_lang_folders[k]);
			diag_error(d, ar->pos,
				   "the areas' id \"%s\" is a folder of the "
				   "site's own pages (%s): choose another, "
				   "such as \"communes\"",
				   ar->id, all.data);
			buf_release(&all);
			return;
		}
	for (size_t i = 0; filter_names[i]; i++)
		if (!strcmp(ar->id, filter_names[i]))
			diag_error(d, ar->pos,
				   "the areas' id \"%s\" is a name the "
				   "listing filter uses already (\"group\", "
				   "\"stars\", \"sort\"): choose another, "
				   "such as \"communes\"",
				   ar->id);
}

/* Whether a and b are one name, whatever their case, marks, spaces and
 * punctuation: "Thuc pham" and "THỰC PHẨM" are "Thực phẩm". */
static bool same_name(const char *a, const char *b)
{
	char *x = text_slug_from(a), *y = text_slug_from(b);
	bool same;
	if (*x || *y) {
		same = !strcmp(x, y);
	} else {
		/* No letter a slug keeps ("食品"): folded as they are. */
		free(x);
		free(y);
		x = text_fold(a, strlen(a));
		y = text_fold(b, strlen(b));
		same = x && y && !strcmp(x, y);
	}
	free(x);
	free(y);
	return same;
}

/* The group whose name, in any of the site's languages, value is. */
static const struct place *group_named(const struct model *m, const char *value)
{
	for (size_t g = 0; g < m->site.ngroups; g++)
		for (size_t l = 0; l < m->site.nlangs; l++) {
			const char *name = m->site.groups[g].name.s[l];
			if (name && same_name(value, name))
				return &m->site.groups[g];
		}
	return NULL;
}

/* The group whose id value is, written in capitals or with spaces
 * ("Handicrafts", "FOOD "). */
static const struct place *group_id_as_written(const struct model *m,
					       const char *value)
{
	char *slug = text_slug_from(value);
	const struct place *found = *slug ? model_find_group(m, slug) : NULL;
	free(slug);
	return found;
}

/* Group pl's name in the default language, else its id. */
static const char *group_name(const struct place *pl)
{
	const char *name = ltext_get(&pl->name, 0, NULL);
	return name ? name : pl->id;
}

/* "\"food\" (Thực phẩm), \"beverages\" (Đồ uống)": the site's groups,
 * each by its id and its name in the default language. */
static void list_groups(struct buf *b, const struct model *m)
{
	for (size_t g = 0; g < m->site.ngroups; g++) {
		const struct place *pl = &m->site.groups[g];
		buf_printf(b, "%s\"%s\" (%s)", g ? ", " : "", pl->id,
			   group_name(pl));
	}
}

/* Reports a product's "group" that names no group: a group's name, an id
 * written otherwise, a misspelt id, or neither. */
static void unknown_group(const struct model *m, struct diag *d,
			  const struct product *p)
{
	const char *v = p->group_id;
	const struct place *g = group_named(m, v);
	if (g) {
		diag_error(d, p->group_pos,
			   /* TRANSLATORS: what "group" holds, then the id
			    * of the group so named and its name in the
			    * default language. */
			   "\"group\" is \"%s\", the name of a group: write "
			   "its id, \"%s\" (%s)",
			   v, g->id, group_name(g));
		return;
	}
	g = group_id_as_written(m, v);
	if (g) {
		diag_error(d, p->group_pos,
			   /* TRANSLATORS: what "group" holds ("FOOD"),
			    * then the id it stands for and the group's name
			    * in the default language. */
			   "\"group\" is \"%s\": write the group's id "
			   "exactly, \"%s\" (%s)",
			   v, g->id, group_name(g));
		return;
	}
	struct buf groups = BUF_INIT;
	list_groups(&groups, m);
	if (!text_is_slug(v)) {
		diag_error(d, p->group_pos,
			   /* TRANSLATORS: what "group" holds, then the
			    * groups as in "\"food\" (Thực phẩm), \"beverages\"
			    * (Đồ uống)". */
			   "\"group\" is \"%s\", which is not a group's id: "
			   "\"group\" takes the id of a group; the groups "
			   "are %s",
			   v, groups.data);
	} else {
		struct buf known = BUF_INIT;
		/* TRANSLATORS: the %s of "unknown product group \"%s\": %s";
		 * %s here is a list of groups, as in "\"food\" (Thực phẩm),
		 * \"beverages\" (Đồ uống)". */
		buf_printf(&known,
			   _("use one of %s, or add it to \"groups\" in "
			     "site.json"),
			   groups.data);
		unknown_ref(d, p->group_pos, REF_GROUP, v,
			    text_nearest(v, m, m->site.ngroups, model_group_id),
			    known.data);
		buf_release(&known);
	}
	buf_release(&groups);
}

static void resolve_products(struct model *m, struct diag *d)
{
	for (size_t i = 0; i < m->nproducts; i++) {
		struct product *p = &m->products[i];
		if (p->group_id) {
			p->group = model_find_group(m, p->group_id);
			if (!p->group)
				unknown_group(m, d, p);
		}
		if (p->producer_id) {
			p->producer = model_find_producer(m, p->producer_id);
			if (!p->producer)
				unknown_ref(d, p->producer_pos, REF_PRODUCER,
					    p->producer_id,
					    text_nearest(p->producer_id, m,
							 m->nproducers,
							 model_producer_id),
					    /* TRANSLATORS: the %s of "unknown
					     * producer \"%s\": %s". */
					    _("there is no folder "
					      "content/producers/<id> with "
					      "that name"));
		}
		if (p->area_id)
			p->area = resolve_area(m, d, p->area_id, p->area_pos);
		else if (p->producer)
			p->area = p->producer->area;
		char issued[DATE_ISO_SIZE], other[DATE_ISO_SIZE];
		date_format_iso(p->cert.issued, issued);
		if (p->cert.issued.year && m->site.as_of.year &&
		    date_cmp(p->cert.issued, m->site.as_of) > 0)
			diag_warning(d, p->cert.pos,
				     "the certificate is dated %s, after the "
				     "catalogue's \"as_of\" date %s; move "
				     "\"as_of\" in site.json or correct the "
				     "date",
				     issued,
				     date_format_iso(m->site.as_of, other));
		/* An estimated day of issue tells no day of expiry; being
		 * the latest day the sources allow, it tells that the 36
		 * months have passed, when they have. */
		if (!p->cert.issued.year ||
		    product_indicative(p, INDICATIVE_ISSUED)) {
			p->cert_status =
				p->cert.issued.year && date_cmp(p->cert.expires,
								m->today) < 0
					? CERT_LAPSED
					: CERT_ESTIMATED;
			p->cert.expires = (struct date){0};
		} else if (date_cmp(p->cert.expires, m->today) < 0) {
			p->cert_status = CERT_EXPIRED;
			p->expired = true;
			diag_warning(
				d, p->cert.pos,
				"the OCOP certificate issued %s expired on "
				"%s; the page shows it as expired until "
				"it is renewed",
				issued,
				date_format_iso(p->cert.expires, other));
		}
		/* Other certifications by the same day: an expired one is
		 * shown as expired, never hidden. */
		for (size_t k = 0; k < p->ncertifications; k++) {
			struct certification *c = &p->certifications[k];
			if (!c->expires.year ||
			    date_cmp(c->expires, m->today) >= 0)
				continue;
			c->expired = true;
			diag_warning(d, c->pos,
				     "the certification \"%s\" expired on %s; "
				     "the page shows it as expired until its "
				     "record gives the renewed one",
				     c->name,
				     date_format_iso(c->expires, other));
		}
	}
}

static void resolve_producers(struct model *m, struct diag *d)
{
	for (size_t i = 0; i < m->nproducers; i++) {
		struct producer *p = &m->producers[i];
		if (p->area_id)
			p->area = resolve_area(m, d, p->area_id, p->area_pos);
	}
}

/* Each producer's products, in the catalogue's order. */
static void collect_producer_products(struct model *m)
{
	for (size_t i = 0; i < m->nproducts; i++) {
		struct producer *p = (struct producer *)m->products[i].producer;
		if (p)
			p->nproducts++;
	}
	for (size_t i = 0; i < m->nproducers; i++) {
		struct producer *p = &m->producers[i];
		p->products = arena_alloc(
			&m->arena, (p->nproducts + 1) * sizeof(*p->products));
		p->nproducts = 0;
	}
	for (size_t i = 0; i < m->nproducts; i++) {
		struct producer *p = (struct producer *)m->products[i].producer;
		if (p)
			p->products[p->nproducts++] = &m->products[i];
	}
}

static int story_cmp(const void *a, const void *b)
{
	const struct story *x = a, *y = b;
	int c = date_cmp(y->date, x->date);
	return c ? c : strcmp(x->slug, y->slug);
}

static void resolve_product_refs(struct model *m, struct diag *d,
				 const char **slugs, const struct pos *pos,
				 size_t n, const struct product **out)
{
	for (size_t i = 0; i < n; i++) {
		out[i] = model_find_product(m, slugs[i]);
		if (!out[i])
			unknown_ref(
				d, pos[i], REF_PRODUCT, slugs[i],
				text_nearest(slugs[i], m, m->nproducts,
					     model_product_slug),
				/* TRANSLATORS: the %s of "unknown product
				 * \"%s\": %s". */
				_("there is no folder content/products/<slug> "
				  "with that name"));
	}
}

int validate_model(struct model *m, struct diag *d)
{
	check_areas_id(m, d);
	resolve_producers(m, d);
	resolve_products(m, d);
	collect_producer_products(m);
	char day[DATE_ISO_SIZE], as_of[DATE_ISO_SIZE];
	for (size_t i = 0; i < m->nstories; i++) {
		struct story *s = &m->stories[i];
		/* "as_of" is the day of the latest fact the content states. */
		if (m->site.as_of.year && s->date.year &&
		    date_cmp(s->date, m->site.as_of) > 0)
			diag_warning(d, s->date_pos,
				     "the story is dated %s, after the "
				     "catalogue's \"as_of\" date %s: set "
				     "\"as_of\" in site.json to the day of the "
				     "latest fact the catalogue states",
				     date_format_iso(s->date, day),
				     date_format_iso(m->site.as_of, as_of));
		s->products = arena_alloc(
			&m->arena, (s->nproducts + 1) * sizeof(*s->products));
		resolve_product_refs(m, d, s->product_slugs, s->product_pos,
				     s->nproducts, s->products);
	}
	const struct product **featured = arena_alloc(
		&m->arena, (m->site.nfeatured + 1) * sizeof(*featured));
	resolve_product_refs(m, d, m->site.featured, m->site.featured_pos,
			     m->site.nfeatured, featured);
	qsort(m->stories, m->nstories, sizeof(*m->stories), story_cmp);
	sources_check(m, d);
	return diag_error_count(d) ? -1 : 0;
}
