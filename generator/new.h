/*
 * new: a new item to fill in. ocopgen new product|producer|story|page SLUG
 * writes content/<section>/SLUG/ with its record, holding every required
 * field and its $schema, and one Markdown file per language of the site.
 * A text still to be written starts with MODEL_TO_FILL ("✎"), and a field
 * that new cannot guess (stars, a certificate's date, a producer's type)
 * is listed in the record's "to_fill": check warns of each until it is
 * written.
 */
#ifndef OCOPGEN_NEW_H
#define OCOPGEN_NEW_H

struct new_opts {
	const char *dir;      /* the site folder, holding content/ */
	const char *kind;     /* "product", "producer", "story" or "page" */
	const char *slug;     /* the item's folder name */
	const char *producer; /* a product's producer, or NULL */
	const char *group;    /* a product's group, or NULL */
	int threads;	      /* at least 1, for reading the site */
};

/* Writes the new item, or refuses it (a kind that does not exist, an
 * invalid or existing slug, an unknown producer or group) with the reason
 * on stderr. Returns an exit status: 0, 1 (refused, nothing written), 3
 * (a file could not be written; nothing left). */
int new_item(const struct new_opts *o);

#endif
