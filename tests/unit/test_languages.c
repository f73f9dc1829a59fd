/* Languages: BCP 47 tags, names in their own languages, Open Graph
 * locales. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "languages.h"

static void parses(const char *tag, const char *canon)
{
	char out[32];
	if (!canon) {
		if (lang_tag_parse(tag, out, sizeof(out)))
			fail_msg("\"%s\" taken as \"%s\"", tag, out);
		return;
	}
	if (!lang_tag_parse(tag, out, sizeof(out)))
		fail_msg("\"%s\" refused", tag);
	assert_string_equal(out, canon);
}

static void test_tags(void **state)
{
	(void)state;
	parses("vi", "vi");
	parses("zh-Hant", "zh-Hant");
	parses("zh-hant", "zh-Hant");
	parses("ZH-HANT-tw", "zh-Hant-TW");
	parses("pt-br", "pt-BR");
	parses("es-419", "es-419");
	parses("fil", "fil");
	parses("", NULL);
	parses("English", NULL);
	parses("e", NULL);
	parses("zh-", NULL);
	parses("zh--Hant", NULL);
	parses("zh-Hant-TW-x", NULL);
	parses("zh-TW-Hant", NULL);
	parses("vi_VN", NULL);
	parses("1a", NULL);
}

static void test_autonyms(void **state)
{
	(void)state;
	static const char *const named[][2] = {
		{"vi", "Tiếng Việt"},
		{"en", "English"},
		{"ja", "日本語"},
		{"ko", "한국어"},
		{"fr", "Français"},
		{"th", "ไทย"},
		{"lo", "ລາວ"},
		{"km", "ខ្មែរ"},
		{"ru", "Русский"},
		{"de", "Deutsch"},
		{"zh", "中文"},
		{"zh-Hans", "简体中文"},
		{"zh-Hant", "繁體中文"},
		{"zh-TW", "繁體中文"},
		{"zh-HK", "繁體中文"},
		{"zh-CN", "简体中文"},
		{"pt-BR", "Português (Brasil)"},
		{"pt", "Português"},
		{"en-US", "English"},
		{"es-419", "Español"},
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		const char *got = lang_autonym(named[i][0]);
		if (!got || strcmp(got, named[i][1]))
			fail_msg("%s: \"%s\", not \"%s\"", named[i][0],
				 got ? got : "(none)", named[i][1]);
	}
	/* Never another language's name. */
	assert_null(lang_autonym("tyz"));
	assert_null(lang_autonym("xx-Hant"));
	assert_null(lang_autonym("not a tag"));
}

static void test_locales(void **state)
{
	(void)state;
	static const char *const locales[][2] = {
		{"vi", "vi_VN"},	 {"en", "en_GB"},
		{"en-US", "en_US"},	 {"ja", "ja_JP"},
		{"zh", "zh_CN"},	 {"zh-Hant", "zh_TW"},
		{"zh-Hant-HK", "zh_HK"}, {"pt-BR", "pt_BR"},
		{"ko", "ko_KR"},
	};
	char out[16];
	for (size_t i = 0; i < sizeof(locales) / sizeof(locales[0]); i++) {
		if (!lang_og_locale(locales[i][0], out, sizeof(out)))
			fail_msg("%s: no locale", locales[i][0]);
		assert_string_equal(out, locales[i][1]);
	}
	assert_false(lang_og_locale("tyz", out, sizeof(out)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_autonyms),
		cmocka_unit_test(test_locales),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
