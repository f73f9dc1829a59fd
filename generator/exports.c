/* products.csv and products.json, per language, for buyers. */
#include "exports.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "layout.h"
#include "util.h"

const char *const exports_columns[COLUMNS] = {
	"slug",
	"name",
	"stars",
	"group",
	"area",
	"producer",
	"producer_type",
	"address",
	"phone",
	"zalo",
	"email",
	"website",
	"certificate_decision",
	"certificate_issued",
	"certificate_expires",
	"certificate_expired",
	"summary",
	"packaging",
	"net_weight",
	"shelf_life",
	"price_range",
	"min_order",
	"certifications",
	"export_markets",
	"url",
	"image",
};

/* Fills cells[COLUMNS] for product i in language lang; NULL where a field
 * is not given. Strings live in a or in the model. */
static void product_cells(const struct model *m, struct arena *a, size_t lang,
			  size_t i, const char **cells)
{
	const struct product *p = &m->products[i];
	const struct producer *pr = p->producer;
	memset(cells, 0, COLUMNS * sizeof(*cells));
	cells[COL_SLUG] = p->slug;
	cells[COL_NAME] = ltext_get(&p->name, lang, NULL);
	cells[COL_STARS] = arena_printf(a, "%d", p->stars);
	cells[COL_GROUP] =
		p->group ? ltext_get(&p->group->name, lang, NULL) : NULL;
	cells[COL_AREA] =
		p->area ? ltext_get(&p->area->name, lang, NULL) : NULL;
	cells[COL_PRODUCER] = ltext_get(&pr->name, lang, NULL);
	cells[COL_PRODUCER_TYPE] = producer_type_names[pr->type];
	cells[COL_ADDRESS] = ltext_get(&pr->address, lang, NULL);
	cells[COL_PHONE] = pr->phone;
	cells[COL_ZALO] = pr->zalo;
	cells[COL_EMAIL] = pr->email;
	cells[COL_WEBSITE] = pr->website;
	cells[COL_DECISION] = p->cert.decision;
	cells[COL_ISSUED] = date_iso(a, p->cert.issued);
	cells[COL_EXPIRES] = date_iso(a, p->cert.expires);
	cells[COL_EXPIRED] = p->expired ? "yes" : "no";
	cells[COL_SUMMARY] = ltext_get(&p->summary, lang, NULL);
	cells[COL_PACKAGING] = ltext_get(&p->packaging, lang, NULL);
	cells[COL_NET_WEIGHT] = ltext_get(&p->net_weight, lang, NULL);
	cells[COL_SHELF_LIFE] = ltext_get(&p->shelf_life, lang, NULL);
	cells[COL_PRICE_RANGE] = ltext_get(&p->price_range, lang, NULL);
	cells[COL_MIN_ORDER] = ltext_get(&p->min_order, lang, NULL);
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < p->ncertifications; k++)
		buf_printf(&b, "%s%s", k ? "; " : "", p->certifications[k]);
	cells[COL_CERTIFICATIONS] = b.len ? arena_strdup(a, b.data) : NULL;
	buf_reset(&b);
	for (size_t k = 0; k < p->nexport_markets; k++)
		buf_printf(&b, "%s%s", k ? "; " : "",
			   ltext_get(&p->export_markets[k], lang, NULL));
	cells[COL_EXPORT_MARKETS] = b.len ? arena_strdup(a, b.data) : NULL;
	buf_release(&b);
	cells[COL_URL] =
		layout_url(m, a, layout_path(m, a, PAGE_PRODUCT, lang, i));
	const char *image = layout_share_image(a, p);
	cells[COL_IMAGE] = image ? layout_url(m, a, image) : NULL;
}

void exports_csv_cell(struct buf *out, const char *s)
{
	if (!s)
		s = "";
	/* Spreadsheets run a cell that starts like this as a formula. */
	bool formula = *s && strchr("=+-@\t\r", *s);
	bool quote = formula || strpbrk(s, ",\"\r\n") || *s == ' ';
	if (quote)
		buf_addc(out, '"');
	if (formula)
		buf_addc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(out, '"');
		buf_addc(out, *p);
	}
	if (quote)
		buf_addc(out, '"');
}

void exports_csv(const struct site_view *v, size_t lang, struct buf *out)
{
	const struct model *m = v->m;
	struct arena a = ARENA_INIT;
	const char *cells[COLUMNS];
	buf_adds(out, "\xEF\xBB\xBF");
	for (int c = 0; c < COLUMNS; c++) {
		if (c)
			buf_addc(out, ',');
		exports_csv_cell(out, exports_columns[c]);
	}
	buf_adds(out, "\r\n");
	for (size_t i = 0; i < m->nproducts; i++) {
		arena_reset(&a);
		product_cells(m, &a, lang, i, cells);
		for (int c = 0; c < COLUMNS; c++) {
			if (c)
				buf_addc(out, ',');
			exports_csv_cell(out, cells[c]);
		}
		buf_adds(out, "\r\n");
	}
	arena_release(&a);
}

static void add_opt(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

/* Appends cJSON's formatted text of o, freed here, as it stands at depth
 * levels of nesting: every line after the first indented by that many
 * tabs more. (A string's line breaks are escaped, so every line break of
 * the text is cJSON's.) */
static void add_printed(struct buf *out, cJSON *o, int depth)
{
	char *json = cJSON_Print(o);
	cJSON_Delete(o);
	if (!json)
		die_oom();
	for (const char *p = json; *p; p++) {
		buf_addc(out, *p);
		for (int i = 0; *p == '\n' && i < depth; i++)
			buf_addc(out, '\t');
	}
	free(json);
}

/* One product of the export as its object. */
static cJSON *product_object(const struct model *m, struct arena *a,
			     size_t lang, size_t i)
{
	const struct product *p = &m->products[i];
	const char *cells[COLUMNS];
	product_cells(m, a, lang, i, cells);
	cJSON *o = cJSON_CreateObject();
	for (int c = 0; c < COLUMNS; c++) {
		switch (c) {
		case COL_STARS:
			cJSON_AddNumberToObject(o, "stars", p->stars);
			break;
		case COL_EXPIRED:
			cJSON_AddBoolToObject(o, "certificate_expired",
					      p->expired);
			break;
		case COL_CERTIFICATIONS: {
			cJSON *items =
				cJSON_AddArrayToObject(o, "certifications");
			for (size_t k = 0; k < p->ncertifications; k++)
				cJSON_AddItemToArray(
					items, cJSON_CreateString(
						       p->certifications[k]));
			break;
		}
		case COL_EXPORT_MARKETS: {
			cJSON *items =
				cJSON_AddArrayToObject(o, "export_markets");
			for (size_t k = 0; k < p->nexport_markets; k++)
				cJSON_AddItemToArray(
					items, cJSON_CreateString(ltext_get(
						       &p->export_markets[k],
						       lang, NULL)));
			break;
		}
		default:
			add_opt(o, exports_columns[c], cells[c]);
		}
	}
	if (p->group)
		cJSON_AddStringToObject(o, "group_id", p->group->id);
	if (p->area)
		cJSON_AddStringToObject(o, "area_id", p->area->id);
	cJSON_AddStringToObject(o, "producer_id", p->producer->id);
	return o;
}

/* The document is printed by cJSON, but a product at a time into the list
 * of the last member, "products", so that a catalogue of any size never
 * stands whole as a tree of cJSON nodes. */
void exports_json(const struct site_view *v, size_t lang, struct buf *out)
{
	const struct model *m = v->m;
	struct arena a = ARENA_INIT;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "language", m->site.langs[lang]);
	add_opt(root, "title", ltext_get(&m->site.title, lang, NULL));
	add_opt(root, "as_of", date_iso(&a, m->site.as_of));
	cJSON_AddArrayToObject(root, "products");
	struct buf head = BUF_INIT;
	add_printed(&head, root, 0);
	/* It ends in the empty list: "[]\n}". */
	if (head.len < 4 || memcmp(head.data + head.len - 4, "[]\n}", 4))
		BUG("the export's document ends in \"%s\"", head.data);
	buf_add(out, head.data, head.len - 3);
	buf_release(&head);
	for (size_t i = 0; i < m->nproducts; i++) {
		if (i)
			buf_adds(out, ", ");
		add_printed(out, product_object(m, &a, lang, i), 2);
		arena_reset(&a);
	}
	buf_adds(out, "]\n}\n");
	arena_release(&a);
}
