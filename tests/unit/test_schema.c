/*
 * The JSON Schemas in schemas/ and the loader must agree on the fields of
 * each record: editors check content with the schemas, ocopgen with
 * load_*_fields. Run from the repository root, or set OCOPGEN_ROOT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "load.h"

static cJSON *read_schema(const char *name)
{
	const char *root = getenv("OCOPGEN_ROOT");
	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_printf(&path, "%s/schemas/%s.schema.json",
		   root && *root ? root : ".", name);
	if (buf_read_file(&text, path.data) < 0)
		fail_msg("cannot read %s (run from the repository root or set "
			 "OCOPGEN_ROOT)",
			 path.data);
	cJSON *schema = cJSON_ParseWithLength(text.data, text.len);
	if (!schema)
		fail_msg("%s is not valid JSON", path.data);
	buf_release(&path);
	buf_release(&text);
	return schema;
}

static bool in_list(const char *const list[], const char *name)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

/* Fails, naming every difference, unless the top-level properties of
 * schemas/<name>.schema.json other than "$schema" are exactly known. */
static void check_schema(const char *name, const char *const known[])
{
	cJSON *schema = read_schema(name);
	const cJSON *props =
		cJSON_GetObjectItemCaseSensitive(schema, "properties");
	if (!cJSON_IsObject(props))
		fail_msg("%s.schema.json has no \"properties\" object", name);
	struct buf schema_only = BUF_INIT, loader_only = BUF_INIT;
	const cJSON *p;
	cJSON_ArrayForEach(p, props)
	{
		if (!strcmp(p->string, "$schema"))
			continue;
		if (!in_list(known, p->string))
			buf_printf(&schema_only, " \"%s\"", p->string);
	}
	for (size_t i = 0; known[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(props, known[i]))
			buf_printf(&loader_only, " \"%s\"", known[i]);
	char msg[2048] = "";
	if (schema_only.len || loader_only.len)
		snprintf(msg, sizeof(msg),
			 "schemas/%s.schema.json and load_%s_fields differ: "
			 "in the schema only:%s; in the loader only:%s",
			 name, name,
			 schema_only.len ? schema_only.data : " none",
			 loader_only.len ? loader_only.data : " none");
	buf_release(&schema_only);
	buf_release(&loader_only);
	cJSON_Delete(schema);
	if (msg[0])
		fail_msg("%s", msg);
}

static void test_site(void **state)
{
	(void)state;
	check_schema("site", load_site_fields);
}

static void test_producer(void **state)
{
	(void)state;
	check_schema("producer", load_producer_fields);
}

static void test_product(void **state)
{
	(void)state;
	check_schema("product", load_product_fields);
}

static void test_story(void **state)
{
	(void)state;
	check_schema("story", load_story_fields);
}

static void test_page(void **state)
{
	(void)state;
	check_schema("page", load_page_fields);
}

static void test_lists_are_terminated_and_unique(void **state)
{
	(void)state;
	const char *const *lists[] = {load_site_fields, load_producer_fields,
				      load_product_fields, load_story_fields,
				      load_page_fields};
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		size_t n = 0;
		while (lists[l][n])
			n++;
		assert_true(n > 0 && n < 100);
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (!strcmp(lists[l][i], lists[l][j]))
					fail_msg("\"%s\" is listed twice",
						 lists[l][i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site),
		cmocka_unit_test(test_producer),
		cmocka_unit_test(test_product),
		cmocka_unit_test(test_story),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_lists_are_terminated_and_unique),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
