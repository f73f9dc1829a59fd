/*
 * JSON records: each test writes a file, loads it and compares the
 * positions and the diagnostics with what json.h promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "limit.h"

struct fixture {
	char path[64];
	struct diag diag;
	struct json_doc doc;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	strcpy(f->path, "/tmp/test_json.XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	diag_init(&f->diag);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	json_doc_release(&f->doc);
	diag_release(&f->diag);
	unlink(f->path);
	free(f);
	return 0;
}

/* Writes len bytes of data to the fixture's file and loads it as
 * "content/x.json". */
static int load_bytes(struct fixture *f, const char *data, size_t len)
{
	FILE *fp = fopen(f->path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return json_doc_load(&f->doc, f->path, "content/x.json",
			     LIMIT_RECORD_BYTES, &f->diag);
}

static int load(struct fixture *f, const char *text)
{
	return load_bytes(f, text, strlen(text));
}

/* Checks that exactly one diagnostic was reported, an error at line:col
 * of content/x.json whose message holds msg. */
static void check_one_error(struct fixture *f, int line, int col,
			    const char *msg)
{
	assert_int_equal(f->diag.n, 1);
	const struct diag_entry *e = &f->diag.items[0];
	assert_int_equal(e->level, DIAG_ERROR);
	assert_string_equal(e->path, "content/x.json");
	if (!strstr(e->msg, msg))
		fail_msg("message \"%s\" does not hold \"%s\"", e->msg, msg);
	assert_int_equal(e->line, line);
	if (line > 0)
		assert_int_equal(e->col, col);
}

static void check_pos(struct pos p, int line, int col)
{
	assert_string_equal(p.path, "content/x.json");
	assert_int_equal(p.line, line);
	assert_int_equal(p.col, col);
}

static void test_positions_of_keys_and_values(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n"
				 "  \"name\": \"Miến dong\",\n"
				 "  \"stars\": 4, \"group\": \"food\",\n"
				 "  \"images\": [\n"
				 "    {\"file\": \"a.jpg\"},\n"
				 "    \"b\"\n"
				 "  ]\n"
				 "}\n"),
			 0);
	assert_int_equal(f->diag.n, 0);
	const cJSON *root = f->doc.root;
	assert_non_null(root);
	check_pos(json_pos(&f->doc, root), 1, 1);
	check_pos(json_key_pos(&f->doc, root), 1, 1);

	const cJSON *name = cJSON_GetObjectItem(root, "name");
	check_pos(json_key_pos(&f->doc, name), 2, 3);
	check_pos(json_pos(&f->doc, name), 2, 11);
	const cJSON *stars = cJSON_GetObjectItem(root, "stars");
	check_pos(json_key_pos(&f->doc, stars), 3, 3);
	check_pos(json_pos(&f->doc, stars), 3, 12);
	const cJSON *group = cJSON_GetObjectItem(root, "group");
	check_pos(json_key_pos(&f->doc, group), 3, 15);
	check_pos(json_pos(&f->doc, group), 3, 24);

	const cJSON *images = cJSON_GetObjectItem(root, "images");
	check_pos(json_key_pos(&f->doc, images), 4, 3);
	check_pos(json_pos(&f->doc, images), 4, 13);
	const cJSON *first = cJSON_GetArrayItem(images, 0);
	check_pos(json_pos(&f->doc, first), 5, 5);
	/* An array item has no key: its value's position stands in. */
	check_pos(json_key_pos(&f->doc, first), 5, 5);
	const cJSON *file = cJSON_GetObjectItem(first, "file");
	check_pos(json_key_pos(&f->doc, file), 5, 6);
	check_pos(json_pos(&f->doc, file), 5, 14);
	const cJSON *second = cJSON_GetArrayItem(images, 1);
	check_pos(json_pos(&f->doc, second), 6, 5);
}

static void test_columns_count_characters(void **state)
{
	struct fixture *f = *state;
	/* "tên" is 4 bytes, "Bắc Kạn" 9, "北江" 6: columns count 3, 7, 2. */
	assert_int_equal(load(f, "{\n"
				 "  \"tên\": \"Bắc Kạn\", \"x\": 1,\n"
				 "  \"北江\": [\"中文\", true], \"y\": null\n"
				 "}"),
			 0);
	const cJSON *root = f->doc.root;
	const cJSON *ten = cJSON_GetObjectItem(root, "tên");
	check_pos(json_key_pos(&f->doc, ten), 2, 3);
	check_pos(json_pos(&f->doc, ten), 2, 10);
	const cJSON *x = cJSON_GetObjectItem(root, "x");
	check_pos(json_key_pos(&f->doc, x), 2, 21);
	check_pos(json_pos(&f->doc, x), 2, 26);
	const cJSON *bj = cJSON_GetObjectItem(root, "北江");
	check_pos(json_key_pos(&f->doc, bj), 3, 3);
	check_pos(json_pos(&f->doc, bj), 3, 9);
	check_pos(json_pos(&f->doc, cJSON_GetArrayItem(bj, 0)), 3, 10);
	check_pos(json_pos(&f->doc, cJSON_GetArrayItem(bj, 1)), 3, 16);
	const cJSON *y = cJSON_GetObjectItem(root, "y");
	check_pos(json_key_pos(&f->doc, y), 3, 23);
	check_pos(json_pos(&f->doc, y), 3, 28);
}

static void test_positions_with_escapes(void **state)
{
	struct fixture *f = *state;
	/* An escaped quote and backslash inside a string do not end it. */
	assert_int_equal(
		load(f, "{\"a\": \"x\\\"y\\\\\", \"b\": [1,2], \"c\": {}}"), 0);
	const cJSON *b = cJSON_GetObjectItem(f->doc.root, "b");
	check_pos(json_key_pos(&f->doc, b), 1, 17);
	check_pos(json_pos(&f->doc, b), 1, 22);
	check_pos(json_pos(&f->doc, cJSON_GetArrayItem(b, 1)), 1, 25);
	const cJSON *c = cJSON_GetObjectItem(f->doc.root, "c");
	check_pos(json_key_pos(&f->doc, c), 1, 29);
	check_pos(json_pos(&f->doc, c), 1, 34);
}

static void test_missing_comma(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n"
				 "  \"name\": \"Miến\"\n"
				 "  \"stars\": 4\n"
				 "}\n"),
			 -1);
	check_one_error(f, 3, 3, "missing comma");
	assert_null(f->doc.root);
}

static void test_missing_comma_after_number(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"stars\": 4 \"group\": \"food\"}"), -1);
	check_one_error(f, 1, 13, "missing comma");
}

static void test_trailing_comma(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n"
				 "  \"name\": \"Miến\",\n"
				 "}\n"),
			 -1);
	check_one_error(f, 3, 1, "comma before a closing bracket");
}

/* A comment is pointed at where it starts, for // and for block comments. */
static void test_comments(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n"
				 "  // ghi chú\n"
				 "  \"stars\": 4\n"
				 "}\n"),
			 -1);
	check_one_error(f, 2, 3, "comments are not allowed");
	diag_release(&f->diag);
	diag_init(&f->diag);
	json_doc_release(&f->doc);
	assert_int_equal(load(f, "{\"stars\": 4, /* x */ \"group\": 1}"), -1);
	check_one_error(f, 1, 14, "comments are not allowed");
}

static void test_trailing_comma_in_list(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"a\": [1, 2, ]}"), -1);
	check_one_error(f, 1, 14, "comma before a closing bracket");
}

static void test_unterminated_object(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n  \"tên\": [1, 2"), -1);
	check_one_error(f, 2, 15, "end of file");
}

static void test_unterminated_string(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n  \"name\": \"Miến"), -1);
	assert_int_equal(f->diag.n, 1);
	assert_int_equal(f->diag.items[0].level, DIAG_ERROR);
	assert_int_equal(f->diag.items[0].line, 2);
	if (!strstr(f->diag.items[0].msg, "end of file"))
		fail_msg("message: %s", f->diag.items[0].msg);
}

static void test_unterminated_string_mid_file(void **state)
{
	struct fixture *f = *state;
	/* cJSON reads on to the next quote, across the line break. */
	assert_int_equal(load(f, "{\n"
				 "  \"stars\": 4,\n"
				 "  \"group\": \"food,\n"
				 "  \"producer\": \"htx-a\"\n"
				 "}\n"),
			 -1);
	check_one_error(f, 3, 12, "no closing quote");
}

static void test_invalid_utf8_position(void **state)
{
	struct fixture *f = *state;
	/* 0xE1 followed by 'n' on line 2, after "  \"Bắc\": \"Mi". */
	static const char text[] = "{\n  \"Bắc\": \"Mi\xE1n\"\n}\n";
	assert_int_equal(load_bytes(f, text, sizeof(text) - 1), -1);
	check_one_error(f, 2, 13, "invalid UTF-8 byte 0xe1");
}

static void test_nul_byte(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "{\"a\": \"x\0\"}";
	assert_int_equal(load_bytes(f, text, sizeof(text) - 1), -1);
	check_one_error(f, 1, 9, "NUL byte");
}

static void test_bom_is_accepted(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "\xEF\xBB\xBF{\n  \"name\": \"Miến\"\n}\n"),
			 0);
	assert_int_equal(f->diag.n, 0);
	const cJSON *name = cJSON_GetObjectItem(f->doc.root, "name");
	assert_string_equal(name->valuestring, "Miến");
	check_pos(json_key_pos(&f->doc, name), 2, 3);
	check_pos(json_pos(&f->doc, name), 2, 11);
}

static void test_empty_file(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, ""), -1);
	/* The whole file: at 1:1, where an editor opens it. */
	check_one_error(f, 1, 1, "empty");
}

static void test_blank_file(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "\xEF\xBB\xBF  \n\t\r\n"), -1);
	check_one_error(f, 1, 1, "empty");
}

static void test_unreadable_file(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(json_doc_load(&f->doc, "/nonexistent/x.json",
				       "content/x.json", LIMIT_RECORD_BYTES,
				       &f->diag),
			 -1);
	check_one_error(f, 0, 0, "cannot read");
}

static void test_trailing_garbage(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"a\": 1}\n x"), -1);
	assert_int_equal(f->diag.n, 1);
	assert_int_equal(f->diag.items[0].level, DIAG_ERROR);
	assert_int_equal(f->diag.items[0].line, 2);
	assert_int_equal(f->diag.items[0].col, 2);
}

static void test_two_objects(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"a\": 1}{\"b\": 2}"), -1);
	assert_int_equal(f->diag.n, 1);
	assert_int_equal(f->diag.items[0].level, DIAG_ERROR);
	assert_int_equal(f->diag.items[0].line, 1);
	assert_int_equal(f->diag.items[0].col, 9);
}

static const char *const known[] = {"name", "stars", "group", "images", NULL};

static void test_unknown_field_suggestion(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n"
				 "  \"$schema\": \"../schema.json\",\n"
				 "  \"name\": \"x\",\n"
				 "  \"star\": 4\n"
				 "}"),
			 0);
	json_check_members(&f->doc, f->doc.root, known, &f->diag);
	check_one_error(f, 4, 3,
			"unknown field \"star\"; did you mean "
			"\"stars\"?");
}

static void test_unknown_field_far_name(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"name\": \"x\", \"colour\": \"red\"}"), 0);
	json_check_members(&f->doc, f->doc.root, known, &f->diag);
	check_one_error(f, 1, 15, "unknown field \"colour\"");
	assert_null(strstr(f->diag.items[0].msg, "did you mean"));
}

static void test_known_fields_pass(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"$schema\": \"s\", \"name\": \"x\", "
				 "\"stars\": 3, \"group\": \"food\", "
				 "\"images\": []}"),
			 0);
	json_check_members(&f->doc, f->doc.root, known, &f->diag);
	assert_int_equal(f->diag.n, 0);
}

static void test_duplicate_key(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n"
				 "  \"name\": \"a\",\n"
				 "  \"stars\": 4,\n"
				 "    \"name\": \"b\"\n"
				 "}"),
			 0);
	json_check_members(&f->doc, f->doc.root, known, &f->diag);
	check_one_error(f, 4, 5, "duplicate key \"name\"");
	if (!strstr(f->diag.items[0].msg, "line 2"))
		fail_msg("message \"%s\" does not name the first line",
			 f->diag.items[0].msg);
}

static void test_member_wrong_type(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\n  \"stars\": \"4\"\n}"), 0);
	assert_null(json_member(&f->doc, f->doc.root, "stars", JSON_NUMBER,
				true, &f->diag));
	check_one_error(f, 2, 12, "\"stars\" must be a number, not a string");
}

static void test_member_found_and_missing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"stars\": 4, \"featured\": false}"), 0);
	const cJSON *stars = json_member(&f->doc, f->doc.root, "stars",
					 JSON_NUMBER, true, &f->diag);
	assert_non_null(stars);
	assert_int_equal(stars->valueint, 4);
	assert_non_null(json_member(&f->doc, f->doc.root, "featured", JSON_BOOL,
				    false, &f->diag));
	assert_null(json_member(&f->doc, f->doc.root, "group", JSON_STRING,
				false, &f->diag));
	assert_int_equal(f->diag.n, 0);
	assert_null(json_member(&f->doc, f->doc.root, "name",
				JSON_STRING | JSON_OBJECT, true, &f->diag));
	check_one_error(f, 1, 1, "missing required field \"name\"");
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(json_type_name(JSON_NUMBER), "a number");
	assert_string_equal(json_type_name(JSON_STRING), "a string");
	assert_string_equal(json_type_name(JSON_BOOL), "true or false");
	assert_string_equal(json_type_name(JSON_STRING | JSON_OBJECT),
			    "a string or an object of translations");
}

static void test_deep_nesting(void **state)
{
	struct fixture *f = *state;
	enum { DEPTH = 5000 };
	char *text = malloc(2 * DEPTH + 1);
	assert_non_null(text);
	memset(text, '[', DEPTH);
	text[DEPTH] = '\0';
	assert_int_equal(load(f, text), -1);
	/* At the list one level too deep. */
	check_one_error(f, 1, CJSON_NESTING_LIMIT + 1,
			"nested more than 1000 deep");
	json_doc_release(&f->doc);
	diag_release(&f->diag);
	diag_init(&f->diag);

	/* Closed again: an error or a document, but no crash. */
	memset(text + DEPTH, ']', DEPTH);
	text[2 * DEPTH] = '\0';
	int r = load(f, text);
	assert_int_equal(r == 0 ? 0 : 1, f->diag.n == 0 ? 0 : 1);
	free(text);
}

/* Brackets in strings are not nesting; objects are. */
static void test_deep_nesting_objects(void **state)
{
	struct fixture *f = *state;
	struct buf text = BUF_INIT;
	buf_adds(&text, "{\"x\": \"[[[{{{\",\n\"y\":");
	for (int i = 0; i < CJSON_NESTING_LIMIT - 2; i++)
		buf_adds(&text, "{\"a\":");
	buf_adds(&text, "[1]");
	for (int i = 0; i < CJSON_NESTING_LIMIT - 2; i++)
		buf_adds(&text, "}");
	buf_adds(&text, "}");
	/* 1000 deep: the limit itself is allowed. */
	assert_int_equal(load(f, text.data), 0);
	json_doc_release(&f->doc);
	buf_reset(&text);
	buf_adds(&text, "{\"x\": \"]]]\",\n\"y\":");
	for (int i = 0; i < CJSON_NESTING_LIMIT; i++)
		buf_adds(&text, "{\"a\":");
	buf_adds(&text, "1}");
	assert_int_equal(load(f, text.data), -1);
	check_one_error(f, 2, 4 + 5 * (CJSON_NESTING_LIMIT - 1) + 1,
			"nested more than 1000 deep");
	buf_release(&text);
}

/* A file larger than the limit is refused by its size, unread. */
static void test_too_large(void **state)
{
	struct fixture *f = *state;
	char text[102];
	memset(text, ' ', sizeof(text));
	memcpy(text, "{}", 2);
	FILE *fp = fopen(f->path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, 100, fp), 100);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(json_doc_load(&f->doc, f->path, "content/x.json", 100,
				       &f->diag),
			 0);
	json_doc_release(&f->doc);
	fp = fopen(f->path, "ab");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, 2, fp), 2);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(json_doc_load(&f->doc, f->path, "content/x.json", 100,
				       &f->diag),
			 -1);
	check_one_error(f, 1, 1, "x.json is 102 bytes; at most 100 bytes");
	assert_null(f->doc.root);
}

/* Each name used again is reported once, with the line of its first use,
 * however many members the object has. */
static void test_many_duplicates(void **state)
{
	struct fixture *f = *state;
	enum { N = 20000 };
	struct buf text = BUF_INIT;
	buf_adds(&text, "{\"name\": 1,\n\"stars\": 2");
	for (int i = 0; i < N; i++)
		buf_printf(&text, ",\"%s\": %d", i % 2 ? "name" : "stars", i);
	buf_adds(&text, "}");
	assert_int_equal(load(f, text.data), 0);
	json_check_members(&f->doc, f->doc.root, known, &f->diag);
	assert_int_equal(f->diag.n, N);
	for (size_t i = 0; i < f->diag.n; i++) {
		const struct diag_entry *e = &f->diag.items[i];
		bool name = strstr(e->msg, "\"name\"") != NULL;
		assert_int_equal(e->line, 2);
		assert_non_null(strstr(e->msg, name ? "first at line 1"
						    : "first at line 2"));
	}
	buf_release(&text);
}

/* A name of a thousand characters is cut in the message. */
static void test_long_name_cut(void **state)
{
	struct fixture *f = *state;
	struct buf text = BUF_INIT;
	buf_adds(&text, "{\"");
	for (int i = 0; i < 1000; i++)
		buf_adds(&text, "ế");
	buf_adds(&text, "\": 1}");
	assert_int_equal(load(f, text.data), 0);
	json_check_members(&f->doc, f->doc.root, known, &f->diag);
	check_one_error(f, 1, 2, "unknown field \"ếếế");
	const char *msg = f->diag.items[0].msg;
	assert_non_null(strstr(msg, "ế…\""));
	assert_true(strlen(msg) < 120);
	buf_release(&text);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_positions_of_keys_and_values),
		T(test_columns_count_characters),
		T(test_positions_with_escapes),
		T(test_missing_comma),
		T(test_missing_comma_after_number),
		T(test_trailing_comma),
		T(test_comments),
		T(test_trailing_comma_in_list),
		T(test_unterminated_object),
		T(test_unterminated_string),
		T(test_unterminated_string_mid_file),
		T(test_invalid_utf8_position),
		T(test_nul_byte),
		T(test_bom_is_accepted),
		T(test_empty_file),
		T(test_blank_file),
		T(test_unreadable_file),
		T(test_trailing_garbage),
		T(test_two_objects),
		T(test_unknown_field_suggestion),
		T(test_unknown_field_far_name),
		T(test_known_fields_pass),
		T(test_duplicate_key),
		T(test_member_wrong_type),
		T(test_member_found_and_missing),
		T(test_type_names),
		T(test_deep_nesting),
		T(test_deep_nesting_objects),
		T(test_too_large),
		T(test_many_duplicates),
		T(test_long_name_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
