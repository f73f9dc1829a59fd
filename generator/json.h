/*
 * json: reading one JSON record with cJSON, keeping the source position of
 * every key and value, so that each later check can point at the exact
 * line and column. Also the checks every record shares: syntax, UTF-8,
 * duplicate keys, unknown members, required members and their types.
 */
#ifndef OCOPGEN_JSON_H
#define OCOPGEN_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "text.h"

struct json_loc;

struct json_doc {
	const char *path; /* as shown in messages; borrowed */
	struct buf src;
	struct text_lines lines;
	cJSON *root;
	struct json_loc *locs; /* node -> offsets, open addressing */
	size_t nlocs, cap;
};

/* Reads and parses fs_path, reporting problems as path. Returns 0 with doc
 * filled, or -1 after reporting (invalid UTF-8, syntax error, empty file,
 * unreadable file, a file of more than max_bytes, which is not read); free
 * doc with json_doc_release either way. */
int json_doc_load(struct json_doc *doc, const char *fs_path, const char *path,
		  unsigned long long max_bytes, struct diag *d);

/* The same for a file already read: its bytes in src, which doc takes (src
 * is left empty), or err, the errno of reading it, when not 0. */
int json_doc_parse(struct json_doc *doc, struct buf *src, int err,
		   const char *path, struct diag *d);
void json_doc_release(struct json_doc *doc);

/* Position of a value, and of the key that names it (the value's position
 * for array items and the root). */
struct pos json_pos(const struct json_doc *doc, const cJSON *node);
struct pos json_key_pos(const struct json_doc *doc, const cJSON *node);

/* The number node as the file writes it ("120.000", which cJSON reads as
 * 120), copied into out (size bytes, cut short when longer); "" when node
 * has no known position. */
void json_number_text(const struct json_doc *doc, const cJSON *node, char *out,
		      size_t size);

/* Reports each member of obj whose name is not in known (NULL-terminated),
 * with the nearest known name, and each name used twice. "$schema" is
 * always allowed. Takes time n log n in the n members. */
void json_check_members(const struct json_doc *doc, const cJSON *obj,
			const char *const known[], struct diag *d);

enum json_type {
	JSON_STRING = cJSON_String,
	JSON_NUMBER = cJSON_Number,
	JSON_BOOL = cJSON_True | cJSON_False,
	JSON_ARRAY = cJSON_Array,
	JSON_OBJECT = cJSON_Object,
};

/* Returns member name of obj when it has one of the types in mask; reports
 * a wrong type, or a missing member when required, and returns NULL. */
const cJSON *json_member(const struct json_doc *doc, const cJSON *obj,
			 const char *name, int mask, bool required,
			 struct diag *d);

/* Checks that node has one of the types in mask, reporting what as the
 * thing that was expected ("product.json" or "\"stars\""). */
bool json_expect(const struct json_doc *doc, const cJSON *node, int mask,
		 const char *what, struct diag *d);

/* "a string", "a number"... for messages. */
const char *json_type_name(int mask);

#endif
