/* Language tags, their names in their own languages, their locales. */
#include "languages.h"

#include <stdio.h>
#include <string.h>

/* Languages a buyer of Vietnamese products may read: the name each gives
 * itself, and the Open Graph locale of its usual region. */
static const struct {
	const char *tag, *autonym, *locale;
} table[] = {
	{"ar", "العربية", "ar_AR"},
	{"bn", "বাংলা", "bn_IN"},
	{"cs", "Čeština", "cs_CZ"},
	{"da", "Dansk", "da_DK"},
	{"de", "Deutsch", "de_DE"},
	{"el", "Ελληνικά", "el_GR"},
	{"en", "English", "en_GB"},
	{"es", "Español", "es_ES"},
	{"fa", "فارسی", "fa_IR"},
	{"fi", "Suomi", "fi_FI"},
	{"fil", "Filipino", "tl_PH"},
	{"fr", "Français", "fr_FR"},
	{"he", "עברית", "he_IL"},
	{"hi", "हिन्दी", "hi_IN"},
	{"hu", "Magyar", "hu_HU"},
	{"id", "Bahasa Indonesia", "id_ID"},
	{"it", "Italiano", "it_IT"},
	{"ja", "日本語", "ja_JP"},
	{"kk", "Қазақ тілі", "kk_KZ"},
	{"km", "ខ្មែរ", "km_KH"},
	{"ko", "한국어", "ko_KR"},
	{"lo", "ລາວ", "lo_LA"},
	{"mn", "Монгол", "mn_MN"},
	{"ms", "Bahasa Melayu", "ms_MY"},
	{"my", "မြန်မာ", "my_MM"},
	{"nb", "Norsk bokmål", "nb_NO"},
	{"ne", "नेपाली", "ne_NP"},
	{"nl", "Nederlands", "nl_NL"},
	{"pl", "Polski", "pl_PL"},
	{"pt", "Português", "pt_PT"},
	{"pt-BR", "Português (Brasil)", "pt_BR"},
	{"ro", "Română", "ro_RO"},
	{"ru", "Русский", "ru_RU"},
	{"sv", "Svenska", "sv_SE"},
	{"ta", "தமிழ்", "ta_IN"},
	{"th", "ไทย", "th_TH"},
	{"tr", "Türkçe", "tr_TR"},
	{"uk", "Українська", "uk_UA"},
	{"ur", "اردو", "ur_PK"},
	{"uz", "Oʻzbekcha", "uz_UZ"},
	{"vi", "Tiếng Việt", "vi_VN"},
	{"zh", "中文", "zh_CN"},
	{"zh-Hans", "简体中文", "zh_CN"},
	{"zh-Hant", "繁體中文", "zh_TW"},
};

static bool all(const char *s, size_t n, int (*is)(int c))
{
	for (size_t i = 0; i < n; i++)
		if (!is((unsigned char)s[i]))
			return false;
	return true;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* The parts of a tag, each NUL-terminated, empty when absent. */
struct tag {
	char lang[4], script[5], region[4];
};

static bool parse(const char *s, struct tag *t)
{
	memset(t, 0, sizeof(*t));
	const char *parts[4];
	size_t len[4], n = 0;
	for (const char *p = s;;) {
		const char *dash = strchr(p, '-');
		size_t l = dash ? (size_t)(dash - p) : strlen(p);
		if (n == 3 || !l)
			return false;
		parts[n] = p;
		len[n++] = l;
		if (!dash)
			break;
		p = dash + 1;
	}
	if (len[0] < 2 || len[0] > 3 || !all(parts[0], len[0], is_alpha))
		return false;
	for (size_t i = 0; i < len[0]; i++)
		t->lang[i] = lower(parts[0][i]);
	size_t i = 1;
	if (i < n && len[i] == 4 && all(parts[i], 4, is_alpha)) {
		t->script[0] = upper(parts[i][0]);
		for (size_t k = 1; k < 4; k++)
			t->script[k] = lower(parts[i][k]);
		i++;
	}
	if (i < n && ((len[i] == 2 && all(parts[i], 2, is_alpha)) ||
		      (len[i] == 3 && all(parts[i], 3, is_digit)))) {
		for (size_t k = 0; k < len[i]; k++)
			t->region[k] = upper(parts[i][k]);
		i++;
	}
	return i == n;
}

static void tag_write(const struct tag *t, bool script, bool region, char *out,
		      size_t n)
{
	snprintf(out, n, "%s%s%s%s%s", t->lang,
		 script && t->script[0] ? "-" : "", script ? t->script : "",
		 region && t->region[0] ? "-" : "", region ? t->region : "");
}

bool lang_tag_parse(const char *tag, char *canon, size_t n)
{
	struct tag t;
	if (!parse(tag, &t))
		return false;
	tag_write(&t, true, true, canon, n);
	return true;
}

static int find(const char *tag)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].tag, tag))
			return (int)i;
	return -1;
}

/* The most precise entry of the table for t, or -1. */
static int entry(struct tag t)
{
	char buf[16];
	/* Chinese written in Taiwan, Hong Kong and Macau is traditional. */
	if (!t.script[0] && !strcmp(t.lang, "zh") && t.region[0])
		strcpy(t.script,
		       strstr("TW HK MO", t.region) ? "Hant" : "Hans");
	tag_write(&t, true, true, buf, sizeof(buf));
	int e = find(buf);
	if (e < 0) {
		tag_write(&t, true, false, buf, sizeof(buf));
		e = find(buf);
	}
	if (e < 0) {
		tag_write(&t, false, true, buf, sizeof(buf));
		e = find(buf);
	}
	if (e < 0)
		e = find(t.lang);
	return e;
}

const char *lang_autonym(const char *tag)
{
	struct tag t;
	if (!parse(tag, &t))
		return NULL;
	int e = entry(t);
	return e < 0 ? NULL : table[e].autonym;
}

bool lang_og_locale(const char *tag, char *out, size_t n)
{
	struct tag t;
	if (!parse(tag, &t))
		return false;
	if (t.region[0] && is_alpha(t.region[0])) {
		snprintf(out, n, "%s_%s", t.lang, t.region);
		return true;
	}
	int e = entry(t);
	if (e < 0)
		return false;
	snprintf(out, n, "%s", table[e].locale);
	return true;
}
