/*
 * model: the catalogue in memory, as plain C structs. load fills it from
 * content/, validate resolves its references; after that it is read-only
 * (every later stage takes a const struct model *), which is what lets
 * render work on several threads, and build the web site and the kiosk
 * copy from one model.
 *
 * Every string of the model lives in model.arena and is NFC-normalized
 * UTF-8. Lists are sorted (by id or slug, stories newest first), so that
 * output never depends on the order of a directory listing.
 */
#ifndef OCOPGEN_MODEL_H
#define OCOPGEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <xxhash.h>

#include "arena.h"
#include "diag.h"

#define MODEL_MAX_LANGS 8

/* A text in every language of the site; s[i] is NULL where language i has
 * none. s[0], the default language, is set for every field that exists. */
struct ltext {
	const char *s[MODEL_MAX_LANGS];
	struct pos pos;
};

/* One Markdown body per language: its text (NFC), checked by load, with
 * image addresses relative to the item's folder as written; NULL where
 * missing. The markdown module turns it into HTML for a page. */
struct body {
	const char *src[MODEL_MAX_LANGS];
	const char *path[MODEL_MAX_LANGS]; /* the .md file, for messages */
};

/* Files of an item's folder that are published beside its pages (gallery
 * images, images of its Markdown bodies), relative to the folder, sorted and
 * without repeats. */
struct media {
	const char **files;
	struct pos *pos; /* where each file is first named */
	size_t n;
};

struct date {
	int year, month, day; /* year 0: not set */
};

/* A product group or a place of the site's areas: what a listing of
 * products is made for. */
struct place {
	const char *id;
	struct ltext name;
	/* The tag of the language name.s[i] is written in when it is not
	 * language i's own (a built-in group named by no word of the site or
	 * theme in that language); NULL otherwise. */
	const char *name_from[MODEL_MAX_LANGS];
	bool builtin; /* one of the six OCOP groups, named by ocopgen */
	struct ltext description; /* the introduction of its listing; may be
				     empty */
	/* A place only: what it was before a reorganization ("until 30 June
	 * 2025: Na Rì district, Bắc Kạn province"), and a note for buyers;
	 * either may be empty. */
	struct ltext former, note;
};

/* The site's geographic facet, "areas" in site.json: the kind of place
 * that producers and products name (districts, communes...), by which
 * listings, filters and exports sort them. */
struct areas {
	/* A slug: the folder of its listings ("vi/<id>/<place>/") and the
	 * name of the listing filter's query; "districts" for the old
	 * "districts" list. */
	const char *id;
	struct pos pos; /* of the id, for messages */
	/* One place's kind ("Xã") and the heading of their list ("Các xã");
	 * empty where site.json gives none: the label is then the theme's
	 * word "district" (the old "districts" list) and the heading the
	 * label, or the theme's word "districts". */
	struct ltext label, title;
	struct place *places;
	size_t nplaces;
};

struct image {
	const char *file; /* relative to the item's folder: "images/a.jpg" */
	struct ltext alt;
	struct pos pos;
};

enum producer_type {
	PRODUCER_COOPERATIVE,
	PRODUCER_COOPERATIVE_GROUP,
	PRODUCER_ENTERPRISE,
	PRODUCER_HOUSEHOLD,
	PRODUCER_TYPES,
};
/* The names records, exports and templates use: "cooperative-group". */
extern const char *const producer_type_names[PRODUCER_TYPES];

struct product;

struct producer {
	const char *id;
	const char *dir; /* its folder, as given to the file system */
	struct ltext name, address;
	enum producer_type type;
	const char *area_id;
	struct pos area_pos;
	const char *phone, *zalo, *email, *website;
	struct pos phone_pos, zalo_pos, email_pos, website_pos;
	bool has_geo;
	double lat, lon;
	struct source *sources;
	size_t nsources;
	struct body about;
	struct media media;
	XXH128_hash_t key; /* of its record file's bytes */
	/* Resolved by validate. */
	const struct place *area;
	const struct product **products; /* sorted like model.products */
	size_t nproducts;
};

/* What a buyer can be told of an OCOP certificate's validity. Only an issue
 * date from a source gives a day it is valid until, or expired on. */
enum cert_status {
	CERT_CONFIRMED, /* issued on a day from a source, still valid */
	CERT_ESTIMATED, /* issued on an estimated or unknown day: unconfirmed */
	CERT_EXPIRED,	/* issued on a day from a source, and expired */
	/* issued on an estimated day, the latest the sources allow, whose
	 * 36 months had passed by the model's today: recognised then, and
	 * no renewal found. */
	CERT_LAPSED,
	CERT_STATUSES,
};
/* The names exports use: "confirmed", "estimated", "expired", "lapsed". */
extern const char *const cert_status_names[CERT_STATUSES];

struct certificate {
	const char *decision; /* NULL when not given */
	struct pos decision_pos, issued_pos, points_pos, year_pos;
	/* expires: 36 months after issued; cleared by validate when issued is
	 * an estimate, which gives no such day. */
	struct date issued, expires;
	double points; /* 0 when not given */
	int year;      /* the evaluation round; 0 when not given */
	struct pos pos;
};

/* A number of a unit: 500 g, 12 months, 100 bottles. */
struct quantity {
	double value; /* > 0; 0 when the field is not given */
	int unit;     /* index in trade_units (trade.h) */
	struct pos pos;
};

/* A price for buyers, as its record states it; nothing is ever read from
 * free text. */
struct price {
	const char *currency; /* ISO 4217 code; NULL when no price is given */
	double min, max;      /* max == min for one price */
	int unit;	      /* what the price is for: index in trade_units */
	struct ltext note;    /* "ex works, Na Rì"; may be absent */
	struct pos pos;
};

/* A certification other than OCOP's: VietGAP, HACCP, organic... */
struct certification {
	const char *name; /* as written: "VietGAP" */
	int scheme;	  /* index in trade_schemes (trade.h), or -1 */
	const char *number, *issuer; /* NULL when not given */
	struct date issued, expires; /* year 0 when not given */
	struct pos pos;
	/* Resolved by validate: expires is before the model's today. */
	bool expired;
};

/* A public source of a record's facts, as the record cites it (sources.h). */
struct source {
	const char *url;	       /* http:// or https:// */
	const char *title, *publisher; /* as published */
	/* The source's own date as given: "2024", "2024-11" or "2024-11-18";
	 * NULL when not given. */
	const char *date;
	struct date checked; /* the day it was last read; year 0 if not given */
	const char **supports; /* field paths: "stars", "certificate.issued" */
	struct pos *supports_pos;
	size_t nsupports;
	struct pos pos;
};

/* Fields of a product that its record may mark as indicative. */
enum indicative_field {
	INDICATIVE_ISSUED, /* certificate.issued */
	INDICATIVE_PACKAGING,
	INDICATIVE_NET_WEIGHT,
	INDICATIVE_VOLUME,
	INDICATIVE_SHELF_LIFE,
	INDICATIVE_PRICE, /* price, and the old price_range */
	INDICATIVE_MIN_ORDER,
	INDICATIVE_LEAD_TIME,
	INDICATIVE_CAPACITY,
	INDICATIVE_FIELDS,
};
extern const char *const indicative_names[INDICATIVE_FIELDS];
/* The field named name in a record's "indicative" list ("price_range",
 * the name before "price", is price); INDICATIVE_FIELDS for none. */
enum indicative_field model_indicative_field(const char *name);

struct product {
	const char *slug;
	const char *dir;
	struct ltext name, summary;
	int stars;
	struct pos stars_pos;
	struct certificate cert;
	const char *group_id, *producer_id, *area_id;
	struct pos group_pos, producer_pos, area_pos;
	struct image *images;
	size_t nimages;
	bool featured;
	/* For buyers; each may be absent (an empty ltext, a zero quantity,
	 * a price without currency). */
	struct price price;
	/* The free text of records written before "price": shown as it is,
	 * never read for a number. */
	struct ltext price_range;
	struct ltext packaging;
	struct quantity net_weight, volume; /* never both */
	struct quantity shelf_life, min_order, lead_time;
	struct quantity capacity; /* per month */
	const char *hs_code;	  /* as written: "0902.30"; NULL when absent */
	struct pos hs_code_pos;
	/* Fields whose values are indicative (estimated, not from a source),
	 * as bits of 1 << enum indicative_field. */
	unsigned indicative;
	struct certification *certifications;
	size_t ncertifications;
	struct ltext *export_markets;
	size_t nexport_markets;
	struct source *sources;
	size_t nsources;
	struct body body;
	struct media media;
	XXH128_hash_t key; /* of its record file's bytes */
	/* Resolved by validate. */
	const struct place *group;
	const struct producer *producer;
	const struct place *area; /* its own, else its producer's */
	enum cert_status cert_status;
	bool expired; /* cert_status == CERT_EXPIRED */
};

/* Whether p's record marks field f as indicative: an estimate, not a fact
 * from a source. */
bool product_indicative(const struct product *p, enum indicative_field f);

/* A product's quantities, and its packaging between them, in the order a
 * buyer asks: the rows of the table for buyers, and the facts a source
 * may support. quantity is the offset of the struct quantity in struct
 * product, 0 for "packaging", a text. */
struct product_trade_field {
	const char *name;
	size_t quantity;
	enum indicative_field flag;
};
#define PRODUCT_TRADE_FIELDS 7
extern const struct product_trade_field
	product_trade_fields[PRODUCT_TRADE_FIELDS];

/* The quantity of field f in p; NULL for "packaging". */
const struct quantity *
product_trade_quantity(const struct product *p,
		       const struct product_trade_field *f);

struct story {
	const char *slug;
	const char *dir;
	struct ltext title, summary;
	struct date date;
	struct pos date_pos;
	const char **product_slugs;
	struct pos *product_pos;
	size_t nproducts;
	struct body body;
	struct media media;
	XXH128_hash_t key; /* of its record file's bytes */
	/* Resolved by validate. */
	const struct product **products;
};

struct page {
	const char *slug;
	const char *dir;
	struct ltext title, summary;
	int menu; /* 0: not in the menu */
	struct body body;
	struct media media;
	XXH128_hash_t key; /* of its record file's bytes */
};

struct site {
	const char *langs[MODEL_MAX_LANGS]; /* BCP 47 tags: "vi", "zh-Hant" */
	struct pos lang_pos[MODEL_MAX_LANGS];
	/* Each language's name in itself ("日本語"), for the language menu:
	 * from "language_names", the built-in table, or else its tag. */
	const char *lang_names[MODEL_MAX_LANGS];
	size_t nlangs;
	struct ltext title, description, province, notice;
	/* When present, the contacts are placeholders (a demonstration
	 * catalogue): said under every contact code and in every vCard. */
	struct ltext placeholder_contacts;
	const char *base_url;
	struct pos base_url_pos;
	/* The theme's name, from "theme"; NULL for "default". */
	const char *theme;
	struct pos theme_pos;
	struct place *groups;
	size_t ngroups;
	struct areas areas;
	const char **featured;
	struct pos *featured_pos;
	size_t nfeatured;
	/* The day the catalogue's facts are stated as of; year 0 when not
	 * given. Certificates are judged against it when set. */
	struct date as_of;
	/* Images: WebP widths (ascending) and quality, from "images". */
	int image_widths[8];
	size_t nimage_widths;
	int image_quality;
	/* The kiosk copy goes back to its start screen after this many
	 * seconds without touch or key, from "kiosk": {"idle_seconds"}. */
	int kiosk_idle_seconds;
	/* "require_sources": every stated fact of a product or producer
	 * should cite a source that supports it (sources.h). */
	bool require_sources;
};

struct model {
	struct arena arena;
	const char *root;    /* the site folder (-C), for the file system */
	const char *display; /* prefix of paths in messages: "" or "DIR/" */
	struct site site;
	struct producer *producers;
	size_t nproducers;
	struct product *products;
	size_t nproducts;
	struct story *stories;
	size_t nstories;
	struct page *pages;
	size_t npages;
	struct date
		today; /* the day certificates are judged against: site.as_of,
			  else SOURCE_DATE_EPOCH, else the build's day */
	/* Hashes of the content read, for the files made from the whole
	 * site: per language, every record and the product texts that
	 * language shows, its own or the default's where it has none (the
	 * language's search index is made again when it changes). */
	XXH128_hash_t content_key[MODEL_MAX_LANGS];
	XXH128_hash_t records_key; /* site.json and the records alone */
	XXH128_hash_t site_key;	   /* site.json alone */
};

/* A text that starts with this mark, U+270E "✎", is still to be written:
 * ocopgen new writes such texts, and load warns of each one left, as of
 * each field a record lists in "to_fill". */
#define MODEL_TO_FILL "\xe2\x9c\x8e"

/* Frees everything the model holds; m itself is the caller's. */
void model_release(struct model *m);

/* Finders: binary search over the sorted lists; NULL when absent. */
const struct producer *model_find_producer(const struct model *m,
					   const char *id);
const struct product *model_find_product(const struct model *m,
					 const char *slug);
const struct place *model_find_group(const struct model *m, const char *id);
const struct place *model_find_area(const struct model *m, const char *id);

/* The id of the i-th group, area, producer or product of the model
 * given as a const void *, as text_nearest reads names. */
const char *model_group_id(const void *model, size_t i);
const char *model_area_id(const void *model, size_t i);
const char *model_producer_id(const void *model, size_t i);
const char *model_product_slug(const void *model, size_t i);

/* The products' indexes, the most stars first, then in the model's order
 * (by slug): the order of listings and of the search index's products.
 * The caller frees it. */
size_t *model_by_stars(const struct model *m);

/* The home page's featured products: those that site.json names, in its
 * order, then those whose records mark them featured. Fills order (room
 * for every product) with their indexes; returns how many. */
size_t model_featured(const struct model *m, size_t *order);

/* The text for language lang, falling back to the default language; sets
 * *fallback when it did. NULL when the field is absent. */
const char *ltext_get(const struct ltext *t, size_t lang, bool *fallback);
bool ltext_present(const struct ltext *t);

/* A date as YYYY-MM-DD, the one form machines read (datetime, feeds,
 * exports, structured data, messages): written into out, which it
 * returns; "" when the date is not set. */
#define DATE_ISO_SIZE 11
char *date_format_iso(struct date d, char out[DATE_ISO_SIZE]);
/* The same, allocated in a; NULL when the date is not set. */
const char *date_iso(struct arena *a, struct date d);

/* Adds months to a date, keeping the day within the month. */
struct date date_add_months(struct date d, int months);
int date_cmp(struct date a, struct date b);

#endif
