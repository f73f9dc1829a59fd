/*
 * exports: the catalogue as data for buyers, per language: products.csv for
 * spreadsheets and products.json for programs, one record per product with
 * its stars, group, producer and contacts.
 */
#ifndef OCOPGEN_EXPORTS_H
#define OCOPGEN_EXPORTS_H

#include "buf.h"
#include "model.h"
#include "site_view.h"

#define EXPORTS_CSV_NAME "products.csv"
#define EXPORTS_JSON_NAME "products.json"

/* <lang>/products.csv: UTF-8 with a byte-order mark (so that Excel reads
 * Vietnamese and Chinese right), CRLF line ends, RFC 4180 quoting, a header
 * row of stable column names. A cell that a spreadsheet would read as a
 * formula (starting with =, +, -, @, tab or CR) gets a leading '. */
site_file_fn exports_csv;

/* <lang>/products.json: {"language", "title", "as_of", "products": [...]}. */
site_file_fn exports_json;

/* Appends one CSV cell, neutralized and quoted as above. */
void exports_csv_cell(struct buf *out, const char *s);

/* One product as the exports give it: the columns of the CSV, in order,
 * and the keys of the JSON where they are flat. */
enum export_column {
	COL_SLUG,
	COL_NAME,
	COL_STARS,
	COL_GROUP,
	COL_AREA, /* the place of the site's areas */
	COL_PRODUCER,
	COL_PRODUCER_TYPE,
	COL_ADDRESS,
	COL_PHONE,
	COL_ZALO,
	COL_EMAIL,
	COL_WEBSITE,
	COL_DECISION,
	COL_ISSUED,
	COL_EXPIRES,
	COL_STATUS,	/* confirmed, estimated or expired */
	COL_INDICATIVE, /* the fields whose values are estimates */
	COL_SUMMARY,
	COL_PACKAGING,
	COL_NET_WEIGHT,
	COL_VOLUME,
	COL_SHELF_LIFE,
	COL_PRICE_MIN,
	COL_PRICE_MAX,
	COL_PRICE_CURRENCY,
	COL_PRICE_UNIT,
	COL_PRICE_NOTE,
	COL_PRICE_RANGE,
	COL_MIN_ORDER,
	COL_LEAD_TIME,
	COL_CAPACITY,
	COL_CERTIFICATIONS,
	COL_HS_CODE,
	COL_EXPORT_MARKETS,
	COL_URL,
	COL_IMAGE,
	COLUMNS,
};

/* Their names: the first row of products.csv, and what import reads. */
extern const char *const exports_columns[COLUMNS];

/* A quantity as a cell holds it, and import reads it back: the number as
 * machines write it, a space, the unit's id ("500 g", "12 month").
 * Appended to out. */
void exports_quantity_cell(struct buf *out, const struct quantity *q);

/* A certification as a cell of the list "certifications" holds it (the
 * list's items apart by "; "), and import reads it back: its name as
 * written, then, when it has them, its details in brackets, each after its
 * word, "VietGAP (no. VG-01, by Chi cục TT&BVTV, issued 2023-05-04,
 * expires 2026-05-04)". Appended to out. */
void exports_certification_cell(struct buf *out, const struct certification *c);
#define EXPORTS_CERT_NUMBER "no. "
#define EXPORTS_CERT_ISSUER "by "
#define EXPORTS_CERT_ISSUED "issued "
#define EXPORTS_CERT_EXPIRES "expires "

#endif
