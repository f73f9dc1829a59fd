/* products.csv and products.json, per language, for buyers. */
#include "exports.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "layout.h"
#include "trade.h"
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
	"certificate_status",
	"indicative",
	"summary",
	"packaging",
	"net_weight",
	"volume",
	"shelf_life",
	"price_min",
	"price_max",
	"price_currency",
	"price_unit",
	"price_note",
	"price_range",
	"min_order",
	"lead_time",
	"capacity",
	"certifications",
	"hs_code",
	"export_markets",
	"url",
	"image",
};

void exports_quantity_cell(struct buf *out, const struct quantity *q)
{
	trade_plain_number(out, q->value);
	buf_printf(out, " %s", trade_units[q->unit].id);
}

void exports_certification_cell(struct buf *out, const struct certification *c)
{
	char day[DATE_ISO_SIZE];
	size_t start;
	buf_adds(out, c->name);
	start = out->len;
	if (c->number)
		buf_printf(out, ", " EXPORTS_CERT_NUMBER "%s", c->number);
	if (c->issuer)
		buf_printf(out, ", " EXPORTS_CERT_ISSUER "%s", c->issuer);
	if (c->issued.year)
		buf_printf(out, ", " EXPORTS_CERT_ISSUED "%s",
			   date_format_iso(c->issued, day));
	if (c->expires.year)
		buf_printf(out, ", " EXPORTS_CERT_EXPIRES "%s",
			   date_format_iso(c->expires, day));
	if (out->len == start)
		return;
	/* The first ", " becomes " (". */
	out->data[start] = ' ';
	out->data[start + 1] = '(';
	buf_addc(out, ')');
}

/* A quantity's cell, in a; NULL when it is not given. */
static const char *quantity_cell(struct arena *a, const struct quantity *q)
{
	if (!(q->value > 0))
		return NULL;
	struct buf b = BUF_INIT;
	exports_quantity_cell(&b, q);
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static const char *number_cell(struct arena *a, double v)
{
	struct buf b = BUF_INIT;
	trade_plain_number(&b, v);
	const char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

/* An HS code's digits alone: a spreadsheet takes "0902.30" for the
 * number 902.3, and "090230" for 90230, whose lost zero import puts
 * back (the codes have an even number of digits). NULL for none. */
static const char *hs_code_cell(struct arena *a, const char *code)
{
	if (!code)
		return NULL;
	char *digits = arena_strdup(a, code), *out = digits;
	for (const char *c = code; *c; c++)
		if (*c != '.')
			*out++ = *c;
	*out = '\0';
	return digits;
}

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
	cells[COL_STATUS] = cert_status_names[p->cert_status];
	struct buf ind = BUF_INIT;
	for (int f = 0; f < INDICATIVE_FIELDS; f++)
		if (product_indicative(p, f))
			buf_printf(&ind, "%s%s", ind.len ? "; " : "",
				   indicative_names[f]);
	cells[COL_INDICATIVE] = ind.len ? arena_strdup(a, ind.data) : NULL;
	buf_release(&ind);
	cells[COL_SUMMARY] = ltext_get(&p->summary, lang, NULL);
	cells[COL_PACKAGING] = ltext_get(&p->packaging, lang, NULL);
	cells[COL_NET_WEIGHT] = quantity_cell(a, &p->net_weight);
	cells[COL_VOLUME] = quantity_cell(a, &p->volume);
	cells[COL_SHELF_LIFE] = quantity_cell(a, &p->shelf_life);
	if (p->price.currency) {
		cells[COL_PRICE_MIN] = number_cell(a, p->price.min);
		if (p->price.max > p->price.min)
			cells[COL_PRICE_MAX] = number_cell(a, p->price.max);
		cells[COL_PRICE_CURRENCY] = p->price.currency;
		cells[COL_PRICE_UNIT] = trade_units[p->price.unit].id;
		cells[COL_PRICE_NOTE] = ltext_get(&p->price.note, lang, NULL);
	}
	cells[COL_PRICE_RANGE] = ltext_get(&p->price_range, lang, NULL);
	cells[COL_MIN_ORDER] = quantity_cell(a, &p->min_order);
	cells[COL_LEAD_TIME] = quantity_cell(a, &p->lead_time);
	cells[COL_CAPACITY] = quantity_cell(a, &p->capacity);
	cells[COL_HS_CODE] = hs_code_cell(a, p->hs_code);
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < p->ncertifications; k++) {
		if (k)
			buf_adds(&b, "; ");
		exports_certification_cell(&b, &p->certifications[k]);
	}
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

/* A quantity column's member: {"value", "unit", "unit_code"}, or null. */
static cJSON *quantity_object(const struct product *p, int column)
{
	const struct quantity *q = column == COL_NET_WEIGHT   ? &p->net_weight
				   : column == COL_VOLUME     ? &p->volume
				   : column == COL_SHELF_LIFE ? &p->shelf_life
				   : column == COL_MIN_ORDER  ? &p->min_order
				   : column == COL_LEAD_TIME  ? &p->lead_time
							      : &p->capacity;
	if (!(q->value > 0))
		return cJSON_CreateNull();
	const struct trade_unit *u = &trade_units[q->unit];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "value", q->value);
	cJSON_AddStringToObject(o, "unit", u->id);
	add_opt(o, "unit_code", u->code);
	return o;
}

/* "price": {"min", "max", "currency", "unit", "unit_code", "note"}, max
 * equal to min for one price; null without a price. */
static cJSON *price_object(const struct product *p, size_t lang)
{
	const struct price *pr = &p->price;
	if (!pr->currency)
		return cJSON_CreateNull();
	const struct trade_unit *u = &trade_units[pr->unit];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "min", pr->min);
	cJSON_AddNumberToObject(o, "max", pr->max);
	cJSON_AddStringToObject(o, "currency", pr->currency);
	cJSON_AddStringToObject(o, "unit", u->id);
	add_opt(o, "unit_code", u->code);
	add_opt(o, "note", ltext_get(&pr->note, lang, NULL));
	return o;
}

/* {"name", "scheme", "number", "issuer", "issued", "expires", "expired"}:
 * scheme the id of a known scheme, else null. */
static cJSON *certification_object(struct arena *a,
				   const struct certification *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", c->name);
	add_opt(o, "scheme",
		c->scheme >= 0 ? trade_schemes[c->scheme].id : NULL);
	add_opt(o, "number", c->number);
	add_opt(o, "issuer", c->issuer);
	add_opt(o, "issued", date_iso(a, c->issued));
	add_opt(o, "expires", date_iso(a, c->expires));
	cJSON_AddBoolToObject(o, "expired", c->expired);
	return o;
}

/* The sources of p's facts, as its record cites them, so that a program
 * can check what the pages state: [{url, title, publisher, date, checked,
 * supports}], date and checked null when not given. */
static cJSON *sources_array(struct arena *a, const struct product *p)
{
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < p->nsources; i++) {
		const struct source *s = &p->sources[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "url", s->url);
		cJSON_AddStringToObject(o, "title", s->title);
		cJSON_AddStringToObject(o, "publisher", s->publisher);
		add_opt(o, "date", s->date);
		add_opt(o, "checked", date_iso(a, s->checked));
		cJSON *supports = cJSON_AddArrayToObject(o, "supports");
		for (size_t k = 0; k < s->nsupports; k++)
			cJSON_AddItemToArray(
				supports, cJSON_CreateString(s->supports[k]));
		cJSON_AddItemToArray(list, o);
	}
	return list;
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
		case COL_INDICATIVE: {
			cJSON *items = cJSON_AddArrayToObject(o, "indicative");
			for (int f = 0; f < INDICATIVE_FIELDS; f++)
				if (product_indicative(p, f))
					cJSON_AddItemToArray(
						items,
						cJSON_CreateString(
							indicative_names[f]));
			break;
		}
		case COL_NET_WEIGHT:
		case COL_VOLUME:
		case COL_SHELF_LIFE:
		case COL_MIN_ORDER:
		case COL_LEAD_TIME:
		case COL_CAPACITY:
			cJSON_AddItemToObject(o, exports_columns[c],
					      quantity_object(p, c));
			break;
		case COL_PRICE_MIN:
			cJSON_AddItemToObject(o, "price",
					      price_object(p, lang));
			break;
		case COL_PRICE_MAX:
		case COL_PRICE_CURRENCY:
		case COL_PRICE_UNIT:
		case COL_PRICE_NOTE:
			break;
		case COL_CERTIFICATIONS: {
			cJSON *items =
				cJSON_AddArrayToObject(o, "certifications");
			for (size_t k = 0; k < p->ncertifications; k++)
				cJSON_AddItemToArray(
					items,
					certification_object(
						a, &p->certifications[k]));
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
	cJSON_AddItemToObject(o, "sources", sources_array(a, p));
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
