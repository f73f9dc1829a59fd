/*
 * exports: the catalogue as data for buyers, per language: products.csv for
 * spreadsheets and products.json for programs, one record per product with
 * its stars, group, producer and contacts.
 */
#ifndef OCOPGEN_EXPORTS_H
#define OCOPGEN_EXPORTS_H

#include "buf.h"
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

#endif
