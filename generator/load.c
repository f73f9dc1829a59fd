/*
 * content/ -> model. Each record is read with its positions, checked on its
 * own, and copied into the model as NFC text; every problem is reported and
 * loading goes on, so that one run shows them all.
 */
#include "load.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "i18n.h"
#include "json.h"
#include "links.h"
#include "limit.h"
#include "markdown.h"
#include "languages.h"
#include "pool.h"
#include "text.h"
#include "sources.h"
#include "trade.h"
#include "util.h"

const char *const load_site_fields[] = {
	"languages", "title",	       "description",
	"province",  "base_url",       "notice",
	"areas",     "districts", /* the old "areas" */
	"groups",    "featured",       "as_of",
	"images",    "kiosk",	       "placeholder_contacts",
	"theme",     "language_names", "require_sources",
	NULL};
/* "district" is the old "area", read with a warning for one version. */
const char *const load_producer_fields[] = {
	"name",	 "type",    "area", "district", "address", "phone", "zalo",
	"email", "website", "geo",  "sources",	"to_fill", NULL};
const char *const load_product_fields[] = {"name",	 "summary",
					   "stars",	 "certificate",
					   "group",	 "producer",
					   "area",	 "district",
					   "images",	 "featured",
					   "price",	 "price_range",
					   "packaging",	 "net_weight",
					   "volume",	 "shelf_life",
					   "min_order",	 "lead_time",
					   "capacity",	 "certifications",
					   "hs_code",	 "export_markets",
					   "indicative", "sources",
					   "to_fill",	 NULL};
const char *const load_story_fields[] = {"title",    "summary", "date",
					 "products", "to_fill", NULL};
const char *const load_page_fields[] = {"title", "summary", "menu", "to_fill",
					NULL};

static const char *const certificate_fields[] = {"decision", "issued", "points",
						 "year", NULL};
static const char *const image_fields[] = {"file", "alt", NULL};
static const char *const named_fields[] = {"id", "name", "description", NULL};
static const char *const areas_fields[] = {"id", "label", "title", "places",
					   NULL};
static const char *const place_fields[] = {"id",     "name", "description",
					   "former", "note", NULL};
static const char *const geo_fields[] = {"lat", "lon", NULL};
static const char *const source_fields[] = {
	"url", "title", "publisher", "date", "checked", "supports", NULL};

/* The six OCOP product groups (Decision 919/QĐ-TTg, 148/QĐ-TTg); site.json
 * may rename them or add more. */
static const struct {
	const char *id, *vi, *en, *zh;
} builtin_groups[] = {
	{"food", "Thực phẩm", "Foodstuff", "食品"},
	{"beverages", "Đồ uống", "Beverages", "饮料"},
	{"herbal", "Dược liệu và sản phẩm từ dược liệu",
	 "Herbal materials and products", "药材及药材产品"},
	{"handicrafts", "Hàng thủ công mỹ nghệ", "Handicrafts", "手工艺品"},
	{"ornamental", "Sinh vật cảnh", "Ornamental plants and animals",
	 "观赏生物"},
	{"tourism",
	 "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
	 "Community and eco-tourism services", "社区旅游、生态旅游及景点"},
};

/* A file of an item, read ahead of loading the item (below). */
struct ahead_file {
	int lstat_err; /* errno of lstat, or 0 */
	bool regular;
	int read_err; /* errno of reading it, or 0 */
	/* Its size, when more than its kind's limit: it is not read. */
	unsigned long long too_large;
	struct buf bytes;
	/* A Markdown body: */
	size_t bad;	 /* where its UTF-8 is invalid, when text is NULL */
	char *text;	 /* in NFC */
	cmark_node *doc; /* text, parsed */
};

struct ahead_item {
	struct ahead_file record;
	struct ahead_file body[MODEL_MAX_LANGS];
};

struct loader {
	struct model *m;
	struct diag *d;
	const char *dir;
	const char *display;
	int threads;
	/* The files of the item being loaded, read ahead. */
	struct ahead_item *ahead;
	/* Of the files read, for the model's content keys: [0] the records
	 * and site.json, [1 + lang] the product texts that language shows
	 * (its own, or the default language's where it has none). */
	XXH3_state_t *key[1 + MODEL_MAX_LANGS];
};

/* Adds a file read to the content keys: its name, then its bytes; a body
 * (lang >= 0) only to that language's. */
static void key_file(struct loader *L, int lang, const char *rel,
		     const struct buf *b)
{
	XXH3_state_t *st = L->key[lang + 1];
	uint64_t len = b->len;
	XXH3_128bits_update(st, rel, strlen(rel) + 1);
	XXH3_128bits_update(st, &len, sizeof(len));
	XXH3_128bits_update(st, b->data, b->len);
}

/* Sets the model's content keys from the loader's. */
static void key_finish(struct loader *L)
{
	XXH128_hash_t records = XXH3_128bits_digest(L->key[0]);
	L->m->records_key = records;
	for (int l = 0; l < MODEL_MAX_LANGS; l++) {
		XXH128_hash_t parts[2] = {records,
					  XXH3_128bits_digest(L->key[l + 1])};
		L->m->content_key[l] = XXH3_128bits(parts, sizeof(parts));
	}
}

/* One item folder being loaded: content/<section>/<slug>/. */
struct item {
	const char *section, *slug;
	const char *rel;  /* "content/products/x" */
	const char *fs;	  /* as the file system sees it */
	const char *show; /* as messages show it */
	struct media *media;
	size_t media_cap;
};

static const char *fs_path(struct loader *L, const char *rel)
{
	return arena_printf(&L->m->arena, "%s/%s", L->dir, rel);
}

static const char *show_path(struct loader *L, const char *rel)
{
	return arena_printf(&L->m->arena, "%s%s", L->display, rel);
}

static const char *nfc_dup(struct loader *L, const char *s)
{
	char *n = text_nfc(s, strlen(s));
	const char *r = arena_strdup(&L->m->arena, n);
	free(n);
	return r;
}

/* The index of name in names[n]; n when it is not there. */
static size_t name_index(const char *const *names, size_t n, const char *name)
{
	size_t i = 0;
	while (i < n && strcmp(names[i], name))
		i++;
	return i;
}

static int lang_index(const struct model *m, const char *code)
{
	for (size_t i = 0; i < m->site.nlangs; i++)
		if (!strcmp(m->site.langs[i], code))
			return (int)i;
	return -1;
}

static void lang_list(const struct model *m, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t i = 0; i < m->site.nlangs; i++) {
		if (i)
			strncat(out, ", ", size - strlen(out) - 1);
		strncat(out, m->site.langs[i], size - strlen(out) - 1);
	}
}

/* The texts that may hold line breaks: a paragraph, not a line. Every
 * other string is one line, as a contact card, a feed's title or a
 * file of one record a line needs it. */
static bool multiline(const char *name)
{
	static const char *const names[] = {"summary", "description", "note"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* A non-empty string after trimming, of one line unless lines; NFC copy
 * in the arena. */
static const char *read_lines_node(struct loader *L, const struct json_doc *doc,
				   const cJSON *node, const char *what,
				   bool lines)
{
	if (!json_expect(doc, node, JSON_STRING, what, L->d))
		return NULL;
	const char *s = node->valuestring;
	if (!lines && strpbrk(s, "\r\n")) {
		diag_error(L->d, json_pos(doc, node),
			   "%s holds a line break, and it is one line (a "
			   "contact card, a title or a link cannot break): "
			   "write it on one line",
			   what);
		return NULL;
	}
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (!*s) {
		diag_error(L->d, json_pos(doc, node), "%s is empty", what);
		return NULL;
	}
	if (!strncmp(s, MODEL_TO_FILL, strlen(MODEL_TO_FILL)))
		diag_warning(L->d, json_pos(doc, node),
			     "%s is still to fill in: write it in place of "
			     "the text marked %s",
			     what, MODEL_TO_FILL);
	return nfc_dup(L, node->valuestring);
}

static const char *read_string_node(struct loader *L,
				    const struct json_doc *doc,
				    const cJSON *node, const char *what)
{
	return read_lines_node(L, doc, node, what, false);
}

static const char *read_string(struct loader *L, const struct json_doc *doc,
			       const cJSON *obj, const char *name,
			       bool required)
{
	const cJSON *n =
		json_member(doc, obj, name, JSON_STRING, required, L->d);
	if (!n)
		return NULL;
	char what[80];
	snprintf(what, sizeof(what), "\"%s\"", name);
	return read_string_node(L, doc, n, what);
}

/* A producer's contact, name, of obj: NULL when absent, or still the
 * example of a new record, marked to fill in (warned of), which is
 * published nowhere. */
static const char *read_contact(struct loader *L, const struct json_doc *doc,
				const cJSON *obj, const char *name)
{
	const char *s = read_string(L, doc, obj, name, false);
	if (s && !strncmp(s, MODEL_TO_FILL, strlen(MODEL_TO_FILL)))
		return NULL;
	return s;
}

/* The position of member name's value in obj; the object's own when
 * it has no such member. */
static struct pos member_pos(const struct json_doc *doc, const cJSON *obj,
			     const char *name)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, name);
	return json_pos(doc, n ? n : obj);
}

/* Reports the text of field name in language lang, which is empty or
 * white space: the default language, def, is shown in place of another
 * one left out; a built-in name (def NULL) in place of any. */
static void empty_translation(struct loader *L, struct pos pos,
			      const char *name, const char *lang,
			      const char *def)
{
	if (!def)
		diag_error(L->d, pos,
			   /* TRANSLATORS: the first %s is a field's name, the
			    * others language tags, as in "\"name\" in zh is
			    * empty: ... delete \"zh\": \"\" ..."; "zh": ""
			    * is JSON, to keep as it is. */
			   "\"%s\" in %s is empty: write the text, or delete "
			   "\"%s\": \"\" to keep the built-in name",
			   name, lang, lang);
	else if (!strcmp(lang, def))
		diag_error(L->d, pos,
			   "\"%s\" in %s is empty: write the text in the "
			   "default language \"%s\"",
			   name, lang, lang);
	else
		diag_error(L->d, pos,
			   "\"%s\" in %s is empty: write the text, or delete "
			   "\"%s\": \"\" so that the default language \"%s\" "
			   "is shown instead",
			   name, lang, lang, def);
}

/* A localized text: one string for every language, or an object keyed by
 * language code. */
/* A text in the site's languages: a string (the same in all) or an object
 * {"lang": "text"}; with partial, the languages it gives (a built-in
 * name renamed in some), else one for the default language at least, the
 * others missing reported. */
static void read_text_in(struct loader *L, const struct json_doc *doc,
			 const cJSON *node, const char *name, bool partial,
			 struct ltext *out)
{
	struct model *m = L->m;
	char what[80];
	snprintf(what, sizeof(what), "\"%s\"", name);
	memset(out, 0, sizeof(*out));
	out->pos = json_pos(doc, node);
	if (cJSON_IsString(node)) {
		const char *s =
			read_lines_node(L, doc, node, what, multiline(name));
		for (size_t i = 0; s && i < m->site.nlangs; i++)
			out->s[i] = s;
		return;
	}
	if (!json_expect(doc, node, JSON_STRING | JSON_OBJECT, what, L->d))
		return;
	struct ltext t = {.pos = out->pos};
	bool empty[MODEL_MAX_LANGS] = {false};
	for (const cJSON *c = node->child; c; c = c->next) {
		int li = lang_index(m, c->string);
		if (li < 0) {
			char langs[128];
			lang_list(m, langs, sizeof(langs));
			diag_error(L->d, json_key_pos(doc, c),
				   "\"%s\" is not a language of the site "
				   "(%s)",
				   c->string, langs);
			continue;
		}
		if (t.s[li] || empty[li]) {
			diag_error(L->d, json_key_pos(doc, c),
				   "duplicate key \"%s\"; keep one", c->string);
			continue;
		}
		if (cJSON_IsString(c) &&
		    !c->valuestring[strspn(c->valuestring, " \t\r\n")]) {
			empty[li] = true;
			empty_translation(L, json_pos(doc, c), name, c->string,
					  partial ? NULL : m->site.langs[0]);
			continue;
		}
		char lwhat[96];
		/* TRANSLATORS: a field's text in one language, shown in
		 * messages such as "%s is empty": the first %s is the field's
		 * name, the second a language tag, as in "\"name\" in zh". */
		snprintf(lwhat, sizeof(lwhat), _("\"%s\" in %s"), name,
			 c->string);
		t.s[li] = read_lines_node(L, doc, c, lwhat, multiline(name));
	}
	if (partial) {
		*out = t;
		return;
	}
	if (!t.s[0] && empty[0])
		return;
	if (!t.s[0]) {
		diag_error(L->d, out->pos,
			   "\"%s\" has no text in the default language \"%s\"",
			   name, m->site.langs[0]);
		return;
	}
	for (size_t i = 1; i < m->site.nlangs; i++)
		if (!t.s[i] && !empty[i])
			diag_missing_translation(L->d, out->pos,
						 m->site.langs[i], what, NULL);
	*out = t;
}

static void read_text_node(struct loader *L, const struct json_doc *doc,
			   const cJSON *node, const char *name,
			   struct ltext *out)
{
	read_text_in(L, doc, node, name, false, out);
}

static void read_text(struct loader *L, const struct json_doc *doc,
		      const cJSON *obj, const char *name, bool required,
		      struct ltext *out)
{
	memset(out, 0, sizeof(*out));
	const cJSON *n = json_member(doc, obj, name, JSON_STRING | JSON_OBJECT,
				     required, L->d);
	if (n)
		read_text_node(L, doc, n, name, out);
}

static bool read_bool(struct loader *L, const struct json_doc *doc,
		      const cJSON *obj, const char *name)
{
	const cJSON *n = json_member(doc, obj, name, JSON_BOOL, false, L->d);
	return n && cJSON_IsTrue(n);
}

/* An integer within [lo, hi]; def when absent or wrong. */
static int read_int(struct loader *L, const struct json_doc *doc,
		    const cJSON *obj, const char *name, bool required, int lo,
		    int hi, const char *range_msg, int def)
{
	const cJSON *n =
		json_member(doc, obj, name, JSON_NUMBER, required, L->d);
	if (!n)
		return def;
	double v = n->valuedouble;
	if (v != floor(v) || v < lo || v > hi) {
		diag_error(L->d, json_pos(doc, n), "\"%s\" is %g: %s", name, v,
			   range_msg);
		return def;
	}
	return (int)v;
}

static bool read_date(struct loader *L, const struct json_doc *doc,
		      const cJSON *obj, const char *name, bool required,
		      struct date *out)
{
	const char *s = read_string(L, doc, obj, name, required);
	if (!s)
		return false;
	if (!text_parse_date(s, &out->year, &out->month, &out->day)) {
		diag_error(L->d, member_pos(doc, obj, name),
			   "\"%s\" is \"%s\": write a real date as "
			   "YYYY-MM-DD, for example 2021-06-30",
			   name, s);
		return false;
	}
	return true;
}

static const char *read_slug_ref(struct loader *L, const struct json_doc *doc,
				 const cJSON *node, const char *what)
{
	const char *s = read_string_node(L, doc, node, what);
	if (s && !text_is_slug(s)) {
		diag_error(L->d, json_pos(doc, node),
			   "%s \"%s\" is not an id: ids are lower-case "
			   "letters a-z, digits and single hyphens",
			   what, s);
		return NULL;
	}
	return s;
}

static const char *read_ref(struct loader *L, const struct json_doc *doc,
			    const cJSON *obj, const char *name, bool required,
			    struct pos *pos)
{
	const cJSON *n =
		json_member(doc, obj, name, JSON_STRING, required, L->d);
	if (!n)
		return NULL;
	*pos = json_pos(doc, n);
	char what[80];
	snprintf(what, sizeof(what), "\"%s\"", name);
	return read_slug_ref(L, doc, n, what);
}

/* Reports a phone number (member name of obj, value v) that is not a
 * whole international number, with the number as it should be written
 * when it can tell. */
static void check_phone(struct loader *L, const struct json_doc *doc,
			const cJSON *obj, const char *name, const char *v)
{
	if (!v)
		return;
	struct buf fixed = BUF_INIT;
	struct pos at = member_pos(doc, obj, name);
	switch (text_phone_check(v, &fixed)) {
	case PHONE_OK:
		break;
	case PHONE_CHARS:
		diag_error(L->d, at,
			   "\"%s\" may hold only digits, spaces and + . - "
			   "( ), with + first",
			   name);
		break;
	case PHONE_NO_COUNTRY:
		if (fixed.len)
			diag_error(L->d, at,
				   "\"%s\" has no country code, so buyers "
				   "abroad cannot call it: write \"%s\" (+84 "
				   "in place of the first 0, for a number in "
				   "Vietnam)",
				   name, fixed.data);
		else
			diag_error(L->d, at,
				   "\"%s\" has no country code: write + "
				   "and the country code before the number, "
				   "as in \"+84 912 000 111\"",
				   name);
		break;
	case PHONE_TRUNK:
		diag_error(L->d, at,
			   "\"%s\": the 0 after the country code is dialled "
			   "only from inside the country, and a call from "
			   "abroad fails with it: write \"%s\"",
			   name, fixed.data);
		break;
	case PHONE_LENGTH:
		diag_error(L->d, at,
			   "\"%s\" is not a whole phone number: + and the "
			   "country code, then the number, 8 to 15 digits "
			   "in all (9 or 10 digits after +84)",
			   name);
		break;
	}
	buf_release(&fixed);
}

/* A record's area: "area", or the old "district", read with a warning
 * for one version; the two together are an error. */
static const char *read_area(struct loader *L, const struct json_doc *doc,
			     const cJSON *obj, bool required, struct pos *pos)
{
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, "district");
	if (!old)
		return read_ref(L, doc, obj, "area", required, pos);
	if (cJSON_HasObjectItem(obj, "area")) {
		diag_error(L->d, json_key_pos(doc, old),
			   "\"area\" and the old \"district\" are both "
			   "given: keep \"area\" and delete \"district\"");
		return NULL;
	}
	diag_warning(L->d, json_key_pos(doc, old),
		     "\"district\" is now \"area\": rename the member "
		     "(the next version of ocopgen will not read "
		     "\"district\")");
	return read_ref(L, doc, obj, "district", false, pos);
}

static bool ext_is_image(const char *file)
{
	const char *dot = strrchr(file, '.');
	return dot && (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg") ||
		       !strcasecmp(dot, ".png") || !strcasecmp(dot, ".webp"));
}

static void media_add(struct item *it, struct loader *L, const char *file,
		      struct pos pos)
{
	struct media *md = it->media;
	for (size_t i = 0; i < md->n; i++)
		if (!strcmp(md->files[i], file))
			return;
	if (md->n == it->media_cap) {
		size_t cap = it->media_cap ? it->media_cap * 2 : 4;
		const char **files =
			arena_alloc(&L->m->arena, cap * sizeof(*files));
		struct pos *poss =
			arena_alloc(&L->m->arena, cap * sizeof(*poss));
		if (md->n) {
			memcpy(files, md->files, md->n * sizeof(*files));
			memcpy(poss, md->pos, md->n * sizeof(*poss));
		}
		md->files = files;
		md->pos = poss;
		it->media_cap = cap;
	}
	md->pos[md->n] = pos;
	md->files[md->n++] = arena_strdup(&L->m->arena, file);
}

/* Checks a reference to a file of the item's folder: a plain relative
 * path, with a safe name, that exists as a regular file and does not lead
 * out of the folder (through "..", an absolute path or a link). */
static bool check_item_file(struct loader *L, struct item *it, const char *file,
			    struct pos pos)
{
	if (!*file) {
		diag_error(L->d, pos, "the image path is empty");
		return false;
	}
	if (file[0] == '/' || strstr(file, "..") || strchr(file, '\\') ||
	    strchr(file, ':')) {
		diag_error(L->d, pos,
			   "\"%s\" leaves the item's folder: name a file "
			   "inside %s, such as \"images/photo.jpg\"",
			   file, it->show);
		return false;
	}
	for (const char *p = file; *p; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '/')
			continue;
		diag_error(L->d, pos,
			   "\"%s\": file names may use only letters a-z, "
			   "digits, '-', '_' and '.'; rename the file",
			   file);
		return false;
	}
	if (!ext_is_image(file)) {
		diag_error(L->d, pos,
			   "\"%s\" is not a supported image: use a .jpg, "
			   ".png or .webp file",
			   file);
		return false;
	}
	const char *fs = arena_printf(&L->m->arena, "%s/%s", it->fs, file);
	struct stat st;
	if (lstat(fs, &st) < 0) {
		diag_error(L->d, pos, "image file not found: %s/%s", it->show,
			   file);
		return false;
	}
	/* Every component, not only the last: an images/ folder that is a
	 * link to elsewhere leads out as surely as a file that is one. */
	{
		char *target = realpath(fs, NULL);
		char *folder = realpath(it->fs, NULL);
		size_t n = folder ? strlen(folder) : 0;
		bool inside = target && folder && !strncmp(target, folder, n) &&
			      target[n] == '/';
		free(target);
		free(folder);
		if (!inside || stat(fs, &st) < 0) {
			diag_error(L->d, pos,
				   "%s/%s leads out of the item's folder "
				   "through a link; copy the file in instead",
				   it->show, file);
			return false;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(L->d, pos, "%s/%s is not a regular file", it->show,
			   file);
		return false;
	}
	if ((unsigned long long)st.st_size > LIMIT_IMAGE_BYTES) {
		limit_size_error(L->d, pos, file,
				 (unsigned long long)st.st_size,
				 LIMIT_IMAGE_BYTES,
				 _("export the photo smaller; a phone's is 5 "
				   "to 15 MB, and the site shows it at most "
				   "1600 pixels wide"));
		return false;
	}
	media_add(it, L, file, pos);
	return true;
}

static void read_images(struct loader *L, const struct json_doc *doc,
			const cJSON *obj, struct item *it, struct product *p)
{
	const cJSON *list =
		json_member(doc, obj, "images", JSON_ARRAY, false, L->d);
	if (!list)
		return;
	size_t n = (size_t)cJSON_GetArraySize(list);
	p->images = arena_alloc(&L->m->arena, (n ? n : 1) * sizeof(*p->images));
	for (const cJSON *c = list->child; c; c = c->next) {
		/* TRANSLATORS: what a message is about, as in "%s must be an
		 * object {...}, not a string". */
		if (!json_expect(doc, c, JSON_OBJECT, _("an image"), L->d))
			continue;
		json_check_members(doc, c, image_fields, L->d);
		struct image *im = &p->images[p->nimages];
		im->pos = json_pos(doc, c);
		const char *file = read_string(L, doc, c, "file", true);
		read_text(L, doc, c, "alt", true, &im->alt);
		if (!file)
			continue;
		const cJSON *fn = cJSON_GetObjectItemCaseSensitive(c, "file");
		im->pos = json_pos(doc, fn);
		if (!check_item_file(L, it, file, im->pos))
			continue;
		im->file = file;
		p->nimages++;
	}
}

static const char **read_string_list(struct loader *L,
				     const struct json_doc *doc,
				     const cJSON *obj, const char *name,
				     bool slugs, size_t *n, struct pos **pos)
{
	*n = 0;
	const cJSON *list =
		json_member(doc, obj, name, JSON_ARRAY, false, L->d);
	if (!list)
		return NULL;
	size_t cap = (size_t)cJSON_GetArraySize(list) + 1;
	const char **out = arena_alloc(&L->m->arena, cap * sizeof(*out));
	if (pos)
		*pos = arena_alloc(&L->m->arena, cap * sizeof(**pos));
	char what[80];
	/* TRANSLATORS: one item of a list, in messages such as "%s is
	 * empty"; %s is the list's field name, as in "an item of
	 * \"featured\"". */
	snprintf(what, sizeof(what), _("an item of \"%s\""), name);
	for (const cJSON *c = list->child; c; c = c->next) {
		const char *s = slugs ? read_slug_ref(L, doc, c, what)
				      : read_string_node(L, doc, c, what);
		if (!s)
			continue;
		if (pos)
			(*pos)[*n] = json_pos(doc, c);
		out[(*n)++] = s;
	}
	return out;
}

/* ------------------------------------------------------------------ */
/* Markdown bodies */

static struct pos md_pos(const char *path, const struct text_lines *lines,
			 cmark_node *node)
{
	struct pos p = {path, cmark_node_get_start_line(node),
			cmark_node_get_start_column(node), false};
	/* cmark counts columns in bytes; editors want characters. */
	if (p.line >= 1 && (size_t)p.line <= lines->n && p.col >= 1) {
		size_t off = lines->starts[p.line - 1] + (size_t)p.col - 1;
		int line;
		text_lines_locate(lines, off, &line, &p.col);
	}
	return p;
}

/* Reports each control character of a body's text that no page may
 * publish (text_is_bad_control) at its line and column; returns how
 * many. */
static size_t body_controls(struct loader *L, const char *path,
			    const struct text_lines *lines, const char *text)
{
	size_t n = 0;
	for (const char *c = text; *c; c++) {
		/* A character reference ("&#11;", "&#x0B;") writes one too. */
		unsigned ref = 0x20;
		if (c[0] == '&' && c[1] == '#') {
			bool hex = c[2] == 'x' || c[2] == 'X';
			const char *d = c + (hex ? 3 : 2);
			unsigned v = 0;
			int digits = 0;
			for (; digits < 8; d++, digits++) {
				int h = hex ? text_hex_value(*d)
					    : (*d >= '0' && *d <= '9' ? *d - '0'
								      : -1);
				if (h < 0)
					break;
				v = v * (hex ? 16 : 10) + (unsigned)h;
			}
			if (digits && *d == ';')
				ref = v;
		}
		unsigned ch =
			text_is_bad_control(ref) ? ref : (unsigned char)*c;
		if (!text_is_bad_control(ch))
			continue;
		struct pos p = {path, 1, 1, false};
		text_lines_locate(lines, (size_t)(c - text), &p.line, &p.col);
		struct buf name = BUF_INIT;
		text_control_name(&name, ch);
		if (ch == ref)
			diag_error(L->d, p,
				   "this character reference writes the "
				   "control character %s, which cannot be "
				   "published: delete it (an empty line starts "
				   "a new paragraph)",
				   name.data);
		else
			diag_error(L->d, p,
				   "here is the control character %s, which "
				   "cannot be published: delete it (an empty "
				   "line starts a new paragraph)",
				   name.data);
		buf_release(&name);
		n++;
	}
	return n;
}

/* Checks the links and images of a body; its images become files of the
 * item's media. The tree is only read: the body is kept as text, with its
 * addresses as written. */
static void check_body(struct loader *L, struct item *it, const char *path,
		       const struct text_lines *lines, cmark_node *doc)
{
	cmark_iter *iter = cmark_iter_new(doc);
	cmark_event_type ev;
	body_controls(L, path, lines, lines->src);
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);
		if (type == CMARK_NODE_HTML_BLOCK ||
		    type == CMARK_NODE_HTML_INLINE) {
			diag_warning(L->d, md_pos(path, lines, node),
				     "raw HTML is not published; write "
				     "Markdown instead");
			continue;
		}
		if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)
			continue;
		const char *url = cmark_node_get_url(node);
		if (!url)
			url = "";
		struct pos pos = md_pos(path, lines, node);
		if (!link_url_is_safe(url)) {
			diag_error(L->d, pos,
				   "the address \"%.60s\" is not allowed: use "
				   "an http(s), mailto: or tel: address, or a "
				   "relative one",
				   url);
			continue;
		}
		if (type != CMARK_NODE_IMAGE)
			continue;
		if (strchr(url, ':') || url[0] == '/') {
			diag_error(L->d, pos,
				   "images must be files of the item's "
				   "folder, such as images/photo.jpg, not "
				   "\"%.60s\"",
				   url);
			continue;
		}
		/* The images stage publishes the file; markdown_html finds
		 * it by the same name. */
		char *file = markdown_image_file(url);
		check_item_file(L, it, file, pos);
		free(file);
	}
	cmark_iter_free(iter);
}

enum body_need { BODY_OPTIONAL, BODY_REQUIRED };

static void load_body(struct loader *L, struct item *it, struct body *b,
		      enum body_need need)
{
	struct model *m = L->m;
	bool any = false;
	const char *empty_default = NULL;
	for (size_t i = 0; i < m->site.nlangs; i++) {
		const struct ahead_file *f = &L->ahead->body[i];
		if (f->lstat_err)
			continue;
		const char *rel = arena_printf(&m->arena, "%s/%s.md", it->rel,
					       m->site.langs[i]);
		const char *show = show_path(L, rel);
		b->path[i] = show;
		if (!f->regular) {
			diag_error(L->d, pos_folder(show),
				   "not a regular file (links are not "
				   "followed)");
			continue;
		}
		if (f->read_err) {
			diag_error_errno(L->d, pos_file(show), f->read_err,
					 "cannot read");
			continue;
		}
		if (f->too_large) {
			limit_size_error(L->d, pos_file(show),
					 arena_printf(&m->arena, "%s.md",
						      m->site.langs[i]),
					 f->too_large, LIMIT_BODY_BYTES,
					 _("shorten the text, or split it into "
					   "several stories"));
			continue;
		}
		struct text_lines lines;
		if (!f->text) {
			text_lines_init(&lines, f->bytes.data, f->bytes.len);
			struct pos p = {show, 1, 1, false};
			text_lines_locate(&lines, f->bad, &p.line, &p.col);
			diag_error(L->d, p,
				   "invalid UTF-8 byte 0x%02x: save the file "
				   "as UTF-8",
				   (unsigned char)f->bytes.data[f->bad]);
			text_lines_release(&lines);
			continue;
		}
		/* A file of white space alone (an editor's empty save) is
		 * no text: the default language's is shown. */
		if (!f->text[strspn(f->text, " \t\r\n")]) {
			b->path[i] = NULL;
			if (i == 0)
				empty_default = show;
			else
				diag_empty_translation(
					L->d, pos_file(show), m->site.langs[i],
					arena_printf(&m->arena, "%s.md",
						     m->site.langs[i]));
			continue;
		}
		any = true;
		text_lines_init(&lines, f->text, strlen(f->text));
		check_body(L, it, show, &lines, f->doc);
		const char *mark = strstr(f->text, MODEL_TO_FILL);
		if (mark) {
			struct pos p = {show, 1, 1, false};
			text_lines_locate(&lines, (size_t)(mark - f->text),
					  &p.line, &p.col);
			diag_warning(L->d, p,
				     "still to fill in: write the text in "
				     "place of the one marked %s",
				     MODEL_TO_FILL);
		}
		text_lines_release(&lines);
		b->src[i] = arena_strdup(&m->arena, f->text);
	}
	/* Each language's key takes the text of its products' pages: their
	 * own, or the default language's they fall back to. (The other
	 * bodies are read by their own pages alone, whose keys hold them.) */
	for (size_t i = 0;
	     !strcmp(it->section, "products") && i < m->site.nlangs; i++) {
		const char *shown = b->src[i] ? b->src[i] : b->src[0];
		struct buf text = {.data = (char *)(shown ? shown : ""),
				   .len = shown ? strlen(shown) : 0};
		key_file(L, (int)i, it->rel, &text);
	}
	const char *def = m->site.langs[0];
	if (!b->path[0]) {
		if (empty_default && (need == BODY_REQUIRED || any))
			diag_error(L->d, pos_file(empty_default),
				   "%s.md is empty: write the text in the "
				   "default language \"%s\"",
				   def, def);
		else if (empty_default)
			diag_warning(L->d, pos_file(empty_default),
				     "%s.md is empty: write the text, or "
				     "delete the file",
				     def);
		else if (need == BODY_REQUIRED || any)
			diag_error(L->d, pos_folder(show_path(L, it->rel)),
				   "%s.md is missing: write the text in the "
				   "default language \"%s\"",
				   def, def);
		return;
	}
	for (size_t i = 1; i < m->site.nlangs; i++)
		if (!b->path[i])
			diag_missing_translation(
				L->d, pos_file(b->path[0]), m->site.langs[i],
				arena_printf(&m->arena, "%s.md", def), NULL);
}

/* ------------------------------------------------------------------ */
/* Item folders */

/* Lists the item folders of content/<section>, sorted; reports entries
 * that cannot be items. Returns the count; free the list and its names. */
static size_t list_items(struct loader *L, const char *section, char ***out)
{
	const char *rel = arena_printf(&L->m->arena, "content/%s", section);
	const char *fs = fs_path(L, rel);
	*out = NULL;
	DIR *dir = opendir(fs);
	if (!dir)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		const char *item_rel =
			arena_printf(&L->m->arena, "%s/%s", rel, e->d_name);
		struct stat st;
		if (lstat(fs_path(L, item_rel), &st) < 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			if (S_ISLNK(st.st_mode))
				diag_error(L->d,
					   pos_folder(show_path(L, item_rel)),
					   "a link is not followed: items must "
					   "be folders inside content/");
			continue;
		}
		size_t len = strlen(e->d_name);
		size_t bad;
		if (!text_utf8_valid(e->d_name, len, &bad) ||
		    !text_is_slug(e->d_name)) {
			diag_error(L->d, pos_folder(show_path(L, item_rel)),
				   "the folder name is not a valid id: use "
				   "lower-case letters a-z, digits and single "
				   "hyphens, such as \"mien-dong-tai-hoan\"");
			continue;
		}
		XGROW(names, n, cap);
		names[n] = xstrdup(e->d_name);
		n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_strings);
	*out = names;
	return n;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ------------------------------------------------------------------ */
/* Reading ahead: the files of the next items are read, and their bodies
 * put in NFC and parsed, on the pool's threads; then the items are loaded
 * one by one, in order, as the messages and the content keys need. */

/* Items read ahead at a time. */
enum { AHEAD_ITEMS = 256 };

struct ahead {
	const struct loader *L;
	const char *section, *record;
	char **names;
	struct ahead_item *items;
};

/* Reads the file at path into f; a body is also checked for UTF-8, put in
 * NFC and parsed. A file larger than its kind's limit is not read. */
static void read_ahead(struct ahead_file *f, const char *path, bool body)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		f->lstat_err = errno;
		return;
	}
	f->regular = S_ISREG(st.st_mode);
	if (!f->regular)
		return;
	if ((unsigned long long)st.st_size >
	    (body ? LIMIT_BODY_BYTES : LIMIT_RECORD_BYTES)) {
		f->too_large = (unsigned long long)st.st_size;
		return;
	}
	if (buf_read_file(&f->bytes, path) < 0) {
		f->read_err = errno;
		return;
	}
	if (!body || !text_utf8_valid(f->bytes.data, f->bytes.len, &f->bad))
		return;
	f->text = text_nfc(f->bytes.data, f->bytes.len);
	f->doc = markdown_parse(f->text);
	if (!f->doc)
		die_oom();
}

static void read_ahead_job(void *ctx, size_t i, int worker)
{
	const struct ahead *ah = ctx;
	const struct model *m = ah->L->m;
	struct ahead_item *it = &ah->items[i];
	struct buf path = BUF_INIT;
	(void)worker;
	buf_printf(&path, "%s/content/%s/%s/%s", ah->L->dir, ah->section,
		   ah->names[i], ah->record);
	read_ahead(&it->record, path.data, false);
	for (size_t l = 0; l < m->site.nlangs; l++) {
		buf_reset(&path);
		buf_printf(&path, "%s/content/%s/%s/%s.md", ah->L->dir,
			   ah->section, ah->names[i], m->site.langs[l]);
		read_ahead(&it->body[l], path.data, true);
	}
	buf_release(&path);
}

static void ahead_file_release(struct ahead_file *f)
{
	buf_release(&f->bytes);
	free(f->text);
	if (f->doc)
		cmark_node_free(f->doc);
}

static void ahead_release(struct ahead_item *it)
{
	ahead_file_release(&it->record);
	for (size_t l = 0; l < MODEL_MAX_LANGS; l++)
		ahead_file_release(&it->body[l]);
	memset(it, 0, sizeof(*it));
}

/* Opens content/<section>/<slug>/<record>; fills it and doc, and reports
 * the members that are not in fields. Returns the root object, or NULL after
 * reporting. */
static const cJSON *open_record(struct loader *L, struct item *it,
				const char *section, const char *slug,
				const char *record, const char *const fields[],
				struct json_doc *doc)
{
	struct arena *a = &L->m->arena;
	it->section = section;
	it->slug = arena_strdup(a, slug);
	it->rel = arena_printf(a, "content/%s/%s", section, slug);
	it->fs = fs_path(L, it->rel);
	it->show = show_path(L, it->rel);
	const char *rel = arena_printf(a, "%s/%s", it->rel, record);
	const char *show = show_path(L, rel);
	struct ahead_file *f = &L->ahead->record;
	memset(doc, 0, sizeof(*doc));
	if (f->lstat_err) {
		diag_error(L->d, pos_folder(it->show),
			   "%s is missing: every item folder holds one",
			   record);
		return NULL;
	}
	if (!f->regular) {
		diag_error(L->d, pos_folder(show),
			   "not a regular file (links are not followed)");
		return NULL;
	}
	if (f->too_large) {
		limit_size_error(L->d, pos_file(show), record, f->too_large,
				 LIMIT_RECORD_BYTES,
				 _("a record holds facts; long texts belong "
				   "in its Markdown files"));
		return NULL;
	}
	if (json_doc_parse(doc, &f->bytes, f->read_err, show, L->d) < 0)
		return NULL;
	key_file(L, -1, rel, &doc->src);
	if (!json_expect(doc, doc->root, JSON_OBJECT, record, L->d))
		return NULL;
	json_check_members(doc, doc->root, fields, L->d);
	return doc->root;
}

/* Where the parts every item has go, in the record of a kind. */
struct item_slot {
	void *rec;
	const char **id, **dir;
	XXH128_hash_t *key;
	struct media *media;
	struct body *body;
	size_t *count;
};

/* What load_item needs to know of a kind of item. */
struct item_kind {
	const char *section; /* content/<section>/<slug>/ */
	const char *record;  /* the JSON file in the folder: "product.json" */
	const char *const *fields;
	enum body_need body;
	/* Others refer to it by id: it is kept, by its id, even when its
	 * record failed, so that references to it add no errors to the one
	 * already reported. */
	bool referred;
	/* The next record of the kind in the model, zeroed and not yet
	 * counted. */
	struct item_slot (*slot)(struct model *m);
	/* Reads the kind's own fields from the record's object o into rec. */
	void (*read)(struct loader *L, struct item *it,
		     const struct json_doc *doc, const cJSON *o, void *rec);
};

/* "to_fill": the fields of a record that ocopgen new could not fill in
 * (a number, a date, a reference), each a warning until it is taken out
 * of the list. fields are the record's. */
static void read_to_fill(struct loader *L, const struct json_doc *doc,
			 const cJSON *o, const char *const *fields)
{
	const cJSON *list =
		json_member(doc, o, "to_fill", JSON_ARRAY, false, L->d);
	size_t n = 0;
	while (fields[n])
		n++;
	for (const cJSON *c = list ? list->child : NULL; c; c = c->next) {
		/* TRANSLATORS: what a message is about: an item of a list of
		 * field names, as in "%s must be a string, not a number". */
		if (!json_expect(doc, c, JSON_STRING, _("a field name"), L->d))
			continue;
		if (name_index(fields, n, c->valuestring) == n ||
		    !strcmp(c->valuestring, "to_fill")) {
			diag_error(L->d, json_pos(doc, c),
				   "\"%s\" is not a field of this record",
				   c->valuestring);
			continue;
		}
		diag_warning(L->d, json_pos(doc, c),
			     "\"%s\" is still to fill in: write it, then "
			     "take it out of \"to_fill\"",
			     c->valuestring);
	}
}

/* Loads the item folder content/<section>/<slug>: its record, then its
 * Markdown bodies. */
static void load_item(struct loader *L, const struct item_kind *k,
		      const char *slug)
{
	struct item_slot s = k->slot(L->m);
	struct item it = {.media = s.media};
	struct json_doc doc;
	const cJSON *o = open_record(L, &it, k->section, slug, k->record,
				     k->fields, &doc);
	if (o || k->referred) {
		*s.id = it.slug;
		(*s.count)++;
	}
	if (o) {
		*s.dir = it.fs;
		*s.key = XXH3_128bits(doc.src.data, doc.src.len);
		k->read(L, &it, &doc, o, s.rec);
		read_to_fill(L, &doc, o, k->fields);
		load_body(L, &it, s.body, k->body);
	}
	json_doc_release(&doc);
}

/* Whether s is a source's date: "2024", "2024-11" or a real
 * "2024-11-18". */
static bool source_date_ok(const char *s)
{
	int y, mo, d;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!(i == 4 || i == 7 ? s[i] == '-'
				       : s[i] >= '0' && s[i] <= '9'))
			return false;
	if (n == 4)
		return atoi(s) >= 1900;
	if (n == 7)
		return atoi(s) >= 1900 && atoi(s + 5) >= 1 && atoi(s + 5) <= 12;
	return n == 10 && text_parse_date(s, &y, &mo, &d);
}

/* "sources": the public sources of the record's facts, each with the
 * field paths (of paths) it supports. Returns the list, in the model's
 * arena; sets *n. */
static struct source *read_sources(struct loader *L, const struct json_doc *doc,
				   const cJSON *o, const char *const *paths,
				   size_t *n)
{
	*n = 0;
	const cJSON *list =
		json_member(doc, o, "sources", JSON_ARRAY, false, L->d);
	if (!list)
		return NULL;
	size_t cap = (size_t)cJSON_GetArraySize(list) + 1;
	struct source *out = arena_alloc(&L->m->arena, cap * sizeof(*out));
	for (const cJSON *c = list->child; c; c = c->next) {
		/* TRANSLATORS: what a message is about: an item of "sources",
		 * as in "%s must be an object {...}, not a string". */
		if (!json_expect(doc, c, JSON_OBJECT, _("a source"), L->d))
			continue;
		json_check_members(doc, c, source_fields, L->d);
		struct source src = {.pos = json_pos(doc, c)};
		src.url = read_string(L, doc, c, "url", true);
		if (src.url &&
		    ((strncmp(src.url, "http://", 7) &&
		      strncmp(src.url, "https://", 8)) ||
		     !link_url_is_safe(src.url) || strpbrk(src.url, " <>\""))) {
			diag_error(L->d, member_pos(doc, c, "url"),
				   "\"url\" must be the source's http:// or "
				   "https:// address, as the browser shows it");
			src.url = NULL;
		}
		src.title = read_string(L, doc, c, "title", true);
		src.publisher = read_string(L, doc, c, "publisher", true);
		src.date = read_string(L, doc, c, "date", false);
		if (src.date && !source_date_ok(src.date)) {
			diag_error(
				L->d, member_pos(doc, c, "date"),
				"\"date\" is \"%s\": write the source's "
				"date as YYYY-MM-DD, or YYYY-MM or YYYY when "
				"it gives no day, for example 2024-11-18",
				src.date);
			src.date = NULL;
		}
		read_date(L, doc, c, "checked", false, &src.checked);
		src.supports =
			read_string_list(L, doc, c, "supports", false,
					 &src.nsupports, &src.supports_pos);
		if (!cJSON_HasObjectItem(c, "supports"))
			diag_error(L->d, src.pos,
				   "a source has no \"supports\": list the "
				   "facts it states, for example "
				   "[\"stars\", \"certificate.year\"]");
		size_t kept = 0;
		for (size_t k = 0; k < src.nsupports; k++) {
			if (sources_path_known(paths, src.supports[k])) {
				src.supports_pos[kept] = src.supports_pos[k];
				src.supports[kept++] = src.supports[k];
				continue;
			}
			size_t npaths = 0;
			while (paths[npaths])
				npaths++;
			const char *near =
				text_nearest(src.supports[k], paths, npaths,
					     text_name_in_array);
			struct buf use = BUF_INIT;
			text_quoted_choices(&use, paths, npaths);
			if (near)
				diag_error(L->d, src.supports_pos[k],
					   "\"%s\" is no fact a source can "
					   "support here; did you mean "
					   "\"%s\"?",
					   src.supports[k], near);
			else
				diag_error(L->d, src.supports_pos[k],
					   "\"%s\" is no fact a source can "
					   "support here: use %s",
					   src.supports[k], use.data);
			buf_release(&use);
		}
		src.nsupports = kept;
		if (src.url && src.title && src.publisher)
			out[(*n)++] = src;
	}
	return out;
}

static void read_producer(struct loader *L, struct item *it,
			  const struct json_doc *doc, const cJSON *o, void *rec)
{
	(void)it; /* its folder holds no files named in the record */
	struct producer *p = rec;
	read_text(L, doc, o, "name", true, &p->name);
	read_text(L, doc, o, "address", true, &p->address);
	const char *type = read_string(L, doc, o, "type", true);
	if (type) {
		size_t i =
			name_index(producer_type_names, PRODUCER_TYPES, type);
		if (i < PRODUCER_TYPES) {
			p->type = (enum producer_type)i;
		} else {
			struct buf use = BUF_INIT;
			text_quoted_choices(&use, producer_type_names,
					    PRODUCER_TYPES);
			diag_error(L->d, member_pos(doc, o, "type"),
				   "\"type\" is \"%s\": use %s", type,
				   use.data);
			buf_release(&use);
		}
	}
	p->area_id = read_area(L, doc, o, true, &p->area_pos);
	p->phone = read_contact(L, doc, o, "phone");
	p->zalo = read_contact(L, doc, o, "zalo");
	check_phone(L, doc, o, "phone", p->phone);
	check_phone(L, doc, o, "zalo", p->zalo);
	p->phone_pos = member_pos(doc, o, "phone");
	p->zalo_pos = member_pos(doc, o, "zalo");
	p->email_pos = member_pos(doc, o, "email");
	p->website_pos = member_pos(doc, o, "website");
	p->email = read_contact(L, doc, o, "email");
	if (p->email &&
	    (!strchr(p->email, '@') || strpbrk(p->email, " <>\"?&")))
		diag_error(L->d, p->email_pos,
			   "\"email\" is not an e-mail address");
	p->website = read_string(L, doc, o, "website", false);
	if (p->website &&
	    ((strncasecmp(p->website, "http://", 7) &&
	      strncasecmp(p->website, "https://", 8)) ||
	     !link_url_is_safe(p->website) || strpbrk(p->website, " <>\"")))
		diag_error(L->d, p->website_pos,
			   "\"website\" must be an http:// or https:// "
			   "address");
	const cJSON *geo = json_member(doc, o, "geo", JSON_OBJECT, false, L->d);
	if (geo) {
		json_check_members(doc, geo, geo_fields, L->d);
		const cJSON *lat =
			json_member(doc, geo, "lat", JSON_NUMBER, true, L->d);
		const cJSON *lon =
			json_member(doc, geo, "lon", JSON_NUMBER, true, L->d);
		if (lat && fabs(lat->valuedouble) > 90)
			diag_error(L->d, json_pos(doc, lat),
				   "\"lat\" must be between -90 and 90");
		else if (lon && fabs(lon->valuedouble) > 180)
			diag_error(L->d, json_pos(doc, lon),
				   "\"lon\" must be between -180 and 180");
		else if (lat && lon) {
			p->has_geo = true;
			p->lat = lat->valuedouble;
			p->lon = lon->valuedouble;
		}
	}
	p->sources =
		read_sources(L, doc, o, sources_producer_paths, &p->nsources);
}

static struct item_slot producer_slot(struct model *m)
{
	struct producer *p = &m->producers[m->nproducers];
	memset(p, 0, sizeof(*p));
	return (struct item_slot){p,	     &p->id,	&p->dir,       &p->key,
				  &p->media, &p->about, &m->nproducers};
}

static const struct item_kind producer_kind = {
	.section = "producers",
	.record = "producer.json",
	.fields = load_producer_fields,
	.body = BODY_OPTIONAL,
	.referred = true,
	.slot = producer_slot,
	.read = read_producer,
};

static void read_certificate(struct loader *L, const struct json_doc *doc,
			     const cJSON *o, struct certificate *c)
{
	const cJSON *n =
		json_member(doc, o, "certificate", JSON_OBJECT, true, L->d);
	if (!n)
		return;
	c->pos = json_pos(doc, n);
	json_check_members(doc, n, certificate_fields, L->d);
	c->decision = read_string(L, doc, n, "decision", false);
	c->decision_pos = member_pos(doc, n, "decision");
	c->issued_pos = member_pos(doc, n, "issued");
	c->points_pos = member_pos(doc, n, "points");
	c->year_pos = member_pos(doc, n, "year");
	if (read_date(L, doc, n, "issued", true, &c->issued))
		c->expires = date_add_months(c->issued, 36);
	const cJSON *pts =
		json_member(doc, n, "points", JSON_NUMBER, false, L->d);
	if (pts && (pts->valuedouble < 50 || pts->valuedouble > 100))
		diag_error(L->d, json_pos(doc, pts),
			   "\"points\" must be between 50 and 100 for a "
			   "certified product");
	else if (pts)
		c->points = pts->valuedouble;
	c->year = read_int(L, doc, n, "year", false, 2018, 2100,
			   _("write the year of the evaluation round"), 0);
}

/* What is wrong with base_url, which pages, feeds, the sitemap and
 * robots.txt write as it is: NULL when it is an absolute http(s)
 * address with a host, no query or fragment, and a path ending in '/'. */
static const char *base_url_fault(const char *url)
{
	const char *host = !strncmp(url, "https://", 8)	 ? url + 8
			   : !strncmp(url, "http://", 7) ? url + 7
							 : NULL;
	if (!host)
		return _("\"base_url\" is not an http:// or https:// address");
	size_t hlen = strcspn(host, "/?#");
	if (!hlen)
		return _("\"base_url\" names no host");
	for (size_t i = 0; i < hlen; i++)
		if (!isalnum((unsigned char)host[i]) &&
		    !strchr(".-:[]", host[i]))
			return _("\"base_url\" has a host that no server can "
				 "have");
	if (strpbrk(host, "?#"))
		return _("\"base_url\" has a query or a fragment (? or #), "
			 "which every address of the site would carry");
	for (const char *c = host; *c; c++)
		if ((unsigned char)*c <= 0x20 || strchr("<>\"'\\`{}|^", *c))
			return _("\"base_url\" holds a character an address "
				 "cannot hold");
	if (!host[hlen] || url[strlen(url) - 1] != '/')
		return _("\"base_url\" does not end in '/'");
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Trade data */

static const char *const price_fields[] = {"min",  "max",  "currency",
					   "unit", "note", NULL};
static const char *const quantity_fields[] = {"value", "unit", NULL};
static const char *const certification_fields[] = {
	"name", "number", "issuer", "issued", "expires", NULL};

/* A quantity field of a product: its name, the units it may take (NULL:
 * any but those of time) and the unit its example shows. */
struct quantity_field {
	const char *name;
	const char *const *units;
	const char *example;
};

static const char *const weight_units[] = {"g", "kg", NULL};
static const char *const volume_units[] = {"ml", "l", NULL};
static const char *const shelf_life_units[] = {"day", "month", "year", NULL};
static const char *const lead_time_units[] = {"day", "week", NULL};

/* A number greater than 0 (and not absurdly large); 0 after reporting, or
 * when it is absent. */
static double read_positive(struct loader *L, const struct json_doc *doc,
			    const cJSON *obj, const char *name, bool required)
{
	const cJSON *n =
		json_member(doc, obj, name, JSON_NUMBER, required, L->d);
	if (!n)
		return 0;
	double v = n->valuedouble;
	if (!(v > 0) || v > 1e12) {
		diag_error(L->d, json_pos(doc, n),
			   "\"%s\" is %g: write a number greater than 0", name,
			   v);
		return 0;
	}
	return v;
}

/* "unit": one of the ids units allows; -1 after reporting. */
static int read_unit(struct loader *L, const struct json_doc *doc,
		     const cJSON *obj, const char *const *units)
{
	const cJSON *n = json_member(doc, obj, "unit", JSON_STRING, true, L->d);
	if (!n)
		return -1;
	int u = trade_unit_find(n->valuestring);
	if (trade_unit_allowed(u, units))
		return u;
	struct buf use = BUF_INIT;
	trade_units_list(&use, units);
	const char *hint = trade_unit_hint(n->valuestring, units);
	if (hint)
		diag_error(L->d, json_pos(doc, n),
			   "\"unit\" is \"%s\"; did you mean \"%s\"? (write "
			   "%s)",
			   n->valuestring, hint, use.data);
	else
		diag_error(L->d, json_pos(doc, n),
			   "\"unit\" is \"%s\": write %s", n->valuestring,
			   use.data);
	buf_release(&use);
	return -1;
}

/* The fields a quantity of the other kind belongs in: a volume given
 * as "net_weight" goes in "volume", and the other way round. */
static const char *field_for(const struct quantity_field *f, int unit)
{
	if (unit < 0 || trade_unit_allowed(unit, f->units))
		return f->name;
	if (!strcmp(f->name, "net_weight") &&
	    trade_units[unit].kind == UNIT_VOLUME)
		return "volume";
	if (!strcmp(f->name, "volume") && trade_units[unit].kind == UNIT_MASS)
		return "net_weight";
	return NULL;
}

/* A quantity a record of an earlier version wrote as text ("12 tháng",
 * "Túi 500 g"): an error that shows how it is written now, with the
 * number and unit the text says when it says exactly one, and the form
 * with placeholders when it does not (a hint must never invent a unit:
 * "7 days refrigerated, 3 months frozen" is no 7 months). */
static void quantity_from_text(struct loader *L, const struct json_doc *doc,
			       const cJSON *node,
			       const struct quantity_field *f)
{
	const char *text = cJSON_IsString(node) ? node->valuestring : NULL;
	for (const cJSON *c = node->child; !text && c; c = c->next)
		if (cJSON_IsString(c))
			text = c->valuestring;
	double v = 0;
	int unit = -1;
	/* TRANSLATORS: why no number and unit can be read from a quantity's
	 * text: the last %s of "... no hint can be read from \"%s\": %s.
	 * Write ...". */
	const char *nothing = _("it gives no number");
	const char *why = text ? trade_quantity_text(text, &v, &unit) : nothing;
	const char *field = why ? f->name : field_for(f, unit);
	struct buf use = BUF_INIT, value = BUF_INIT, units = BUF_INIT;
	trade_units_list(&use, f->units);
	if (!why && field) {
		trade_plain_number(&value, v);
		if (strcmp(field, f->name) &&
		    trade_units[unit].kind == UNIT_VOLUME)
			diag_error(L->d, json_pos(doc, node),
				   "\"%s\" is a number and a unit now, not "
				   "text, and \"%s\" is a volume: write "
				   "\"%s\": {\"value\": %s, \"unit\": \"%s\"} "
				   "in its place",
				   f->name, text, field, value.data,
				   trade_units[unit].id);
		else if (strcmp(field, f->name))
			diag_error(L->d, json_pos(doc, node),
				   "\"%s\" is a number and a unit now, not "
				   "text, and \"%s\" is a weight: write "
				   "\"%s\": {\"value\": %s, \"unit\": \"%s\"} "
				   "in its place",
				   f->name, text, field, value.data,
				   trade_units[unit].id);
		else
			diag_error(L->d, json_pos(doc, node),
				   "\"%s\" is a number and a unit now, not "
				   "text: write \"%s\": {\"value\": %s, "
				   "\"unit\": \"%s\"}",
				   f->name, field, value.data,
				   trade_units[unit].id);
	} else {
		/* "day|month|year", or the example for any unit */
		if (f->units)
			for (const char *const *u = f->units; *u; u++)
				buf_printf(&units, "%s%s",
					   u == f->units ? "" : "|", *u);
		else
			buf_printf(&units, "%s|…", f->example);
		if (!why)
			/* TRANSLATORS: why no number and unit can be read
			 * from a quantity's text, as "it gives no number". */
			why = _("its unit is not one of this field");
		diag_error(L->d, json_pos(doc, node),
			   "\"%s\" is a number and a unit now, not text, and "
			   "no hint can be read from \"%s\": %s. Write "
			   "\"%s\": {\"value\": N, \"unit\": \"%s\"} with the "
			   "one figure buyers should read (\"unit\" is %s) and "
			   "the rest in the story, or delete the line",
			   f->name, text ? text : "", why, f->name, units.data,
			   use.data);
	}
	buf_release(&use);
	buf_release(&value);
	buf_release(&units);
}

static void read_quantity(struct loader *L, const struct json_doc *doc,
			  const cJSON *o, const struct quantity_field *f,
			  struct quantity *q)
{
	memset(q, 0, sizeof(*q));
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, f->name);
	if (!n)
		return;
	bool text = cJSON_IsString(n) ||
		    (cJSON_IsObject(n) && !cJSON_HasObjectItem(n, "value") &&
		     !cJSON_HasObjectItem(n, "unit") && n->child &&
		     cJSON_IsString(n->child));
	if (text) {
		quantity_from_text(L, doc, n, f);
		return;
	}
	char what[64];
	snprintf(what, sizeof(what), "\"%s\"", f->name);
	if (!json_expect(doc, n, JSON_OBJECT, what, L->d))
		return;
	json_check_members(doc, n, quantity_fields, L->d);
	double v = read_positive(L, doc, n, "value", true);
	int u = read_unit(L, doc, n, f->units);
	if (v > 0 && u >= 0)
		*q = (struct quantity){v, u, json_pos(doc, n)};
}

static void read_price(struct loader *L, const struct json_doc *doc,
		       const cJSON *o, struct price *p)
{
	memset(p, 0, sizeof(*p));
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "price");
	if (!n)
		return;
	if (cJSON_IsString(n)) {
		diag_error(L->d, json_pos(doc, n),
			   "\"price\" is numbers, not text: write "
			   "{\"min\": 80000, \"max\": 120000, \"currency\": "
			   "\"VND\", \"unit\": \"kg\"} (\"max\" only for a "
			   "range)");
		return;
	}
	if (!json_expect(doc, n, JSON_OBJECT, "\"price\"", L->d))
		return;
	json_check_members(doc, n, price_fields, L->d);
	bool ok = true;
	double min = read_positive(L, doc, n, "min", true);
	double max = read_positive(L, doc, n, "max", false);
	ok &= min > 0;
	const cJSON *cur =
		json_member(doc, n, "currency", JSON_STRING, true, L->d);
	const char *currency = NULL;
	if (cur && trade_currency_known(cur->valuestring)) {
		currency = arena_strdup(&L->m->arena, cur->valuestring);
	} else if (cur) {
		const char *hint = trade_currency_hint(cur->valuestring);
		if (hint)
			diag_error(L->d, json_pos(doc, cur),
				   "\"currency\" is \"%s\"; did you mean "
				   "\"%s\"? (an ISO 4217 code)",
				   cur->valuestring, hint);
		else
			diag_error(L->d, json_pos(doc, cur),
				   "\"currency\" is \"%s\": write an ISO 4217 "
				   "code, such as \"VND\", \"USD\" or \"CNY\"",
				   cur->valuestring);
	}
	ok &= currency != NULL;
	/* "120.000" is 120 to JSON, but Vietnamese thousands to a clerk. */
	bool meant = true;
	static const char *const amounts[] = {"min", "max"};
	for (size_t i = 0; currency && i < ARRAY_SIZE(amounts); i++) {
		const cJSON *a =
			cJSON_GetObjectItemCaseSensitive(n, amounts[i]);
		if (!cJSON_IsNumber(a) || !(a->valuedouble > 0))
			continue;
		char text[64];
		json_number_text(doc, a, text, sizeof(text));
		struct buf why = BUF_INIT;
		if (!trade_check_amount(&why, text, a->valuedouble, currency)) {
			diag_error(L->d, json_pos(doc, a), "\"%s\" is %s",
				   amounts[i], why.data);
			meant = false;
		}
		buf_release(&why);
	}
	ok &= meant;
	const cJSON *maxn = cJSON_GetObjectItemCaseSensitive(n, "max");
	if (meant && min > 0 && max > 0 && max < min) {
		struct buf a = BUF_INIT, b = BUF_INIT;
		trade_plain_number(&a, max);
		trade_plain_number(&b, min);
		diag_error(L->d, json_pos(doc, maxn),
			   "\"max\" is %s, less than \"min\" %s: write the "
			   "lowest price in \"min\" and the highest in "
			   "\"max\"",
			   a.data, b.data);
		buf_release(&a);
		buf_release(&b);
		ok = false;
	}
	int unit = read_unit(L, doc, n, NULL);
	ok &= unit >= 0;
	struct ltext note;
	read_text(L, doc, n, "note", false, &note);
	if (!ok)
		return;
	*p = (struct price){currency, min,  max > 0 ? max : min,
			    unit,     note, json_pos(doc, n)};
}

/* "hs_code": a Harmonized System code, 4, 6, 8 or 10 digits, dots
 * allowed between them as customs papers write it ("0902.30"). */
static const char *read_hs_code(struct loader *L, const struct json_doc *doc,
				const cJSON *o)
{
	const char *s = read_string(L, doc, o, "hs_code", false);
	if (!s)
		return NULL;
	size_t digits = 0;
	bool ok = true;
	for (const char *c = s; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else if (*c != '.' || c == s || !c[1] || c[1] == '.')
			ok = false;
	}
	if (ok && digits >= 4 && digits <= 10 && digits % 2 == 0)
		return s;
	diag_error(L->d, member_pos(doc, o, "hs_code"),
		   "\"hs_code\" is \"%s\": write the HS code's 4, 6, 8 or 10 "
		   "digits, with dots between them or not, such as "
		   "\"0902.30\" or \"09023010\"",
		   s);
	return NULL;
}

/* "certifications": each a scheme's name alone ("VietGAP"), or an object
 * with its number, issuer and dates. */
static void read_certifications(struct loader *L, const struct json_doc *doc,
				const cJSON *o, struct product *p)
{
	const cJSON *list =
		json_member(doc, o, "certifications", JSON_ARRAY, false, L->d);
	if (!list)
		return;
	size_t n = (size_t)cJSON_GetArraySize(list);
	p->certifications = arena_alloc(
		&L->m->arena, (n ? n : 1) * sizeof(*p->certifications));
	/* TRANSLATORS: what a message is about: an item of
	 * "certifications", as in "%s must be a string or an object of
	 * translations, not a number" or "%s is empty". */
	const char *what = _("a certification");
	for (const cJSON *c = list->child; c; c = c->next) {
		if (!json_expect(doc, c, JSON_STRING | JSON_OBJECT, what, L->d))
			continue;
		struct certification cert = {.scheme = -1,
					     .pos = json_pos(doc, c)};
		const cJSON *name = c;
		if (cJSON_IsString(c)) {
			cert.name = read_string_node(L, doc, c, what);
		} else {
			json_check_members(doc, c, certification_fields, L->d);
			name = json_member(doc, c, "name", JSON_STRING, true,
					   L->d);
			cert.name = name ? read_string_node(L, doc, name,
							    "\"name\"")
					 : NULL;
			cert.number = read_string(L, doc, c, "number", false);
			cert.issuer = read_string(L, doc, c, "issuer", false);
			read_date(L, doc, c, "issued", false, &cert.issued);
			read_date(L, doc, c, "expires", false, &cert.expires);
			if (cert.issued.year && cert.expires.year &&
			    date_cmp(cert.expires, cert.issued) <= 0) {
				char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];
				diag_error(L->d, member_pos(doc, c, "expires"),
					   "\"expires\" is %s, not after "
					   "\"issued\" %s: correct one of the "
					   "dates",
					   date_format_iso(cert.expires, a),
					   date_format_iso(cert.issued, b));
				continue;
			}
		}
		if (!cert.name)
			continue;
		cert.scheme = trade_scheme_find(cert.name);
		const char *hint =
			cert.scheme < 0 ? trade_scheme_hint(cert.name) : NULL;
		if (hint)
			diag_warning(L->d, json_pos(doc, name),
				     "\"%s\" is no certification ocopgen "
				     "knows; did you mean \"%s\"? (another "
				     "name is shown as it is written)",
				     cert.name, hint);
		p->certifications[p->ncertifications++] = cert;
	}
}

/* "price_range", the free text of records written before "price": shown
 * as it is, for this version, with a warning that says how to write the
 * price. It is never read for a number. */
static void read_price_range(struct loader *L, const struct json_doc *doc,
			     const cJSON *o, struct product *p)
{
	read_text(L, doc, o, "price_range", false, &p->price_range);
	if (!ltext_present(&p->price_range))
		return;
	if (p->price.currency)
		diag_warning(L->d, p->price_range.pos,
			     "\"price_range\" is the free text of an earlier "
			     "version, and \"price\" is given: delete "
			     "\"price_range\"");
	else
		diag_warning(L->d, p->price_range.pos,
			     "\"price_range\" is free text, shown as it is "
			     "but read by no program, and the next version "
			     "refuses it: write \"price\": {\"min\": 80000, "
			     "\"max\": 120000, \"currency\": \"VND\", "
			     "\"unit\": \"kg\"} (\"max\" only for a range, "
			     "\"note\" for the rest), then delete "
			     "\"price_range\"");
}

static void read_trade(struct loader *L, const struct json_doc *doc,
		       const cJSON *o, struct product *p)
{
	static const struct quantity_field weight = {"net_weight", weight_units,
						     "g"};
	static const struct quantity_field volume = {"volume", volume_units,
						     "ml"};
	static const struct quantity_field shelf_life = {
		"shelf_life", shelf_life_units, "month"};
	static const struct quantity_field min_order = {"min_order", NULL,
							"kg"};
	static const struct quantity_field lead_time = {"lead_time",
							lead_time_units, "day"};
	static const struct quantity_field capacity = {"capacity", NULL, "kg"};
	read_price(L, doc, o, &p->price);
	read_price_range(L, doc, o, p);
	read_text(L, doc, o, "packaging", false, &p->packaging);
	read_quantity(L, doc, o, &weight, &p->net_weight);
	read_quantity(L, doc, o, &volume, &p->volume);
	if (cJSON_HasObjectItem(o, "net_weight") &&
	    cJSON_HasObjectItem(o, "volume"))
		diag_error(L->d,
			   json_key_pos(doc, cJSON_GetObjectItemCaseSensitive(
						     o, "volume")),
			   "\"net_weight\" and \"volume\" are both given: a "
			   "product is sold by its weight (\"g\", \"kg\") or "
			   "by its volume (\"ml\", \"l\"); keep one");
	read_quantity(L, doc, o, &shelf_life, &p->shelf_life);
	read_quantity(L, doc, o, &min_order, &p->min_order);
	read_quantity(L, doc, o, &lead_time, &p->lead_time);
	read_quantity(L, doc, o, &capacity, &p->capacity);
	read_certifications(L, doc, o, p);
	p->hs_code = read_hs_code(L, doc, o);
	p->hs_code_pos = member_pos(doc, o, "hs_code");
}

/* "indicative": the fields whose values are estimates, which pages mark
 * as such. */
static void read_indicative(struct loader *L, const struct json_doc *doc,
			    const cJSON *o, struct product *p)
{
	const cJSON *list =
		json_member(doc, o, "indicative", JSON_ARRAY, false, L->d);
	for (const cJSON *c = list ? list->child : NULL; c; c = c->next) {
		/* TRANSLATORS: what a message is about: an item of a list of
		 * field names, as in "%s must be a string, not a number". */
		if (!json_expect(doc, c, JSON_STRING, _("a field name"), L->d))
			continue;
		enum indicative_field i =
			model_indicative_field(c->valuestring);
		if (i == INDICATIVE_FIELDS) {
			struct buf use = BUF_INIT;
			text_quoted_choices(&use, indicative_names,
					    INDICATIVE_FIELDS);
			diag_error(L->d, json_pos(doc, c),
				   "\"%s\" cannot be marked indicative: use %s",
				   c->valuestring, use.data);
			buf_release(&use);
			continue;
		}
		p->indicative |= 1u << i;
	}
}

static void read_product(struct loader *L, struct item *it,
			 const struct json_doc *doc, const cJSON *o, void *rec)
{
	struct product *p = rec;
	read_text(L, doc, o, "name", true, &p->name);
	read_text(L, doc, o, "summary", true, &p->summary);
	p->stars = read_int(L, doc, o, "stars", true, 3, 5,
			    _("OCOP certifies 3, 4 or 5 stars; write one of "
			      "those"),
			    3);
	p->stars_pos = member_pos(doc, o, "stars");
	read_certificate(L, doc, o, &p->cert);
	/* Any text: validate.c tells a group's name, or an id misspelt,
	 * from a value that is neither. */
	const cJSON *group =
		json_member(doc, o, "group", JSON_STRING, true, L->d);
	if (group) {
		p->group_pos = json_pos(doc, group);
		p->group_id = read_string_node(L, doc, group, "\"group\"");
	}
	p->producer_id =
		read_ref(L, doc, o, "producer", true, &p->producer_pos);
	p->area_id = read_area(L, doc, o, false, &p->area_pos);
	read_images(L, doc, o, it, p);
	p->featured = read_bool(L, doc, o, "featured");
	read_indicative(L, doc, o, p);
	read_trade(L, doc, o, p);
	const cJSON *em =
		json_member(doc, o, "export_markets", JSON_ARRAY, false, L->d);
	if (em) {
		size_t n = (size_t)cJSON_GetArraySize(em);
		p->export_markets = arena_alloc(
			&L->m->arena, (n ? n : 1) * sizeof(struct ltext));
		for (const cJSON *c = em->child; c; c = c->next) {
			struct ltext *t =
				&p->export_markets[p->nexport_markets];
			read_text_node(L, doc, c, "export_markets", t);
			if (ltext_present(t))
				p->nexport_markets++;
		}
	}
	p->sources =
		read_sources(L, doc, o, sources_product_paths, &p->nsources);
}

static struct item_slot product_slot(struct model *m)
{
	struct product *p = &m->products[m->nproducts];
	memset(p, 0, sizeof(*p));
	return (struct item_slot){p,	     &p->slug, &p->dir,	     &p->key,
				  &p->media, &p->body, &m->nproducts};
}

static const struct item_kind product_kind = {
	.section = "products",
	.record = "product.json",
	.fields = load_product_fields,
	.body = BODY_OPTIONAL,
	.referred = true,
	.slot = product_slot,
	.read = read_product,
};

static void read_story(struct loader *L, struct item *it,
		       const struct json_doc *doc, const cJSON *o, void *rec)
{
	(void)it; /* its folder holds no files named in the record */
	struct story *s = rec;
	read_text(L, doc, o, "title", true, &s->title);
	read_text(L, doc, o, "summary", true, &s->summary);
	if (read_date(L, doc, o, "date", true, &s->date))
		s->date_pos = member_pos(doc, o, "date");
	s->product_slugs = read_string_list(L, doc, o, "products", true,
					    &s->nproducts, &s->product_pos);
}

static struct item_slot story_slot(struct model *m)
{
	struct story *s = &m->stories[m->nstories];
	memset(s, 0, sizeof(*s));
	return (struct item_slot){s,	     &s->slug, &s->dir,	    &s->key,
				  &s->media, &s->body, &m->nstories};
}

static const struct item_kind story_kind = {
	.section = "stories",
	.record = "story.json",
	.fields = load_story_fields,
	.body = BODY_REQUIRED,
	.referred = false,
	.slot = story_slot,
	.read = read_story,
};

static void read_page(struct loader *L, struct item *it,
		      const struct json_doc *doc, const cJSON *o, void *rec)
{
	(void)it; /* its folder holds no files named in the record */
	struct page *p = rec;
	read_text(L, doc, o, "title", true, &p->title);
	read_text(L, doc, o, "summary", false, &p->summary);
	p->menu =
		read_int(L, doc, o, "menu", false, 1, 1000,
			 _("write the page's position in the menu, from 1"), 0);
}

static struct item_slot page_slot(struct model *m)
{
	struct page *p = &m->pages[m->npages];
	memset(p, 0, sizeof(*p));
	return (struct item_slot){p,	     &p->slug, &p->dir,	  &p->key,
				  &p->media, &p->body, &m->npages};
}

static const struct item_kind page_kind = {
	.section = "pages",
	.record = "page.json",
	.fields = load_page_fields,
	.body = BODY_REQUIRED,
	.referred = false,
	.slot = page_slot,
	.read = read_page,
};

/* ------------------------------------------------------------------ */
/* site.json */

static void read_languages(struct loader *L, const struct json_doc *doc,
			   const cJSON *o)
{
	struct site *s = &L->m->site;
	const cJSON *list =
		json_member(doc, o, "languages", JSON_ARRAY, true, L->d);
	if (!list)
		return;
	/* TRANSLATORS: what a message is about: an item of "languages", as
	 * in "%s must be a string, not a number". */
	const char *what = _("a language code");
	for (const cJSON *c = list->child; c; c = c->next) {
		const char *code = read_string_node(L, doc, c, what);
		if (!code)
			continue;
		char canon[32];
		if (strlen(code) >= sizeof(canon) ||
		    !lang_tag_parse(code, canon, sizeof(canon))) {
			diag_error(L->d, json_pos(doc, c),
				   "\"%s\" is not a language tag: write a "
				   "BCP 47 tag such as \"vi\", \"en\", "
				   "\"zh-Hant\" or \"pt-BR\"",
				   code);
			continue;
		}
		if (strcmp(canon, code)) {
			diag_error(L->d, json_pos(doc, c),
				   "write the language tag \"%s\" as \"%s\"",
				   code, canon);
			continue;
		}
		if (lang_index(L->m, code) >= 0) {
			diag_error(L->d, json_pos(doc, c),
				   "\"%s\" is listed twice", code);
			continue;
		}
		if (s->nlangs == MODEL_MAX_LANGS) {
			diag_error(L->d, json_pos(doc, c),
				   "at most %d languages are supported",
				   MODEL_MAX_LANGS);
			break;
		}
		s->lang_pos[s->nlangs] = json_pos(doc, c);
		s->langs[s->nlangs++] = code;
	}
	if (!s->nlangs)
		diag_error(L->d, json_pos(doc, list),
			   "\"languages\" must name at least one language; "
			   "the first is the default");
}

/* Names each language of the site in its own language: from
 * "language_names" ({"tag": "name"}), else the built-in table; a language
 * neither names is called by its tag, with a warning. */
static void read_language_names(struct loader *L, const struct json_doc *doc,
				const cJSON *o)
{
	struct site *s = &L->m->site;
	const cJSON *names =
		json_member(doc, o, "language_names", JSON_OBJECT, false, L->d);
	for (const cJSON *c = names ? names->child : NULL; c; c = c->next) {
		int i = lang_index(L->m, c->string);
		if (i < 0) {
			diag_error(L->d, json_key_pos(doc, c),
				   "\"%s\" is not one of the site's "
				   "\"languages\"",
				   c->string);
			continue;
		}
		/* TRANSLATORS: what a message is about: the name of a language
		 * in "language_names", as in "%s must be a string, not a
		 * number". */
		const char *name = read_string_node(L, doc, c, _("a name"));
		if (name && !*name)
			diag_error(L->d, json_pos(doc, c),
				   "the name of \"%s\" is empty", c->string);
		else if (name)
			s->lang_names[i] = name;
	}
	for (size_t i = 0; i < s->nlangs; i++) {
		if (s->lang_names[i])
			continue;
		s->lang_names[i] = lang_autonym(s->langs[i]);
		if (s->lang_names[i])
			continue;
		s->lang_names[i] = s->langs[i];
		diag_warning(L->d, s->lang_pos[i],
			     "ocopgen does not know the name of \"%s\" in "
			     "its own language, so the language menu shows "
			     "\"%s\": add \"language_names\": {\"%s\": "
			     "\"...\"} to site.json",
			     s->langs[i], s->langs[i], s->langs[i]);
	}
}

/* The places read so far, by id: open addressing over their indexes + 1,
 * so that a site.json of 100,000 places is read in time that grows with
 * their number, not with its square. */
struct place_ids {
	size_t *slots, cap;
};

static size_t *place_slot(struct place_ids *x, const struct place *places,
			  const char *id)
{
	size_t i = (size_t)XXH3_64bits(id, strlen(id)) & (x->cap - 1);
	while (x->slots[i] && strcmp(places[x->slots[i] - 1].id, id))
		i = (i + 1) & (x->cap - 1);
	return &x->slots[i];
}

/* Reads [{"id", "name", "description"}] (and, for places of the areas,
 * "former" and "note"), an entry replacing one of the same id that is
 * already in places (a built-in group), whose name it may then leave out
 * to keep. */
static void read_places(struct loader *L, const struct json_doc *doc,
			const cJSON *list, const char *what, bool areas,
			struct place *places, size_t *n)
{
	struct place_ids ids = {NULL, 16};
	while (ids.cap < 2 * (*n + (size_t)cJSON_GetArraySize(list)))
		ids.cap *= 2;
	ids.slots = xcalloc(ids.cap, sizeof(*ids.slots));
	for (size_t k = 0; k < *n; k++)
		*place_slot(&ids, places, places[k].id) = k + 1;
	for (const cJSON *c = list->child; c; c = c->next) {
		if (!json_expect(doc, c, JSON_OBJECT, what, L->d))
			continue;
		json_check_members(doc, c, areas ? place_fields : named_fields,
				   L->d);
		struct pos pos;
		const char *id = read_ref(L, doc, c, "id", true, &pos);
		size_t *slot = id ? place_slot(&ids, places, id) : NULL;
		size_t i = slot && *slot ? *slot - 1 : *n;
		struct place pl = {.id = id};
		const cJSON *nn = json_member(
			doc, c, "name", JSON_STRING | JSON_OBJECT, false, L->d);
		if (nn)
			read_text_in(L, doc, nn, "name", id && i < *n,
				     &pl.name);
		read_text(L, doc, c, "description", false, &pl.description);
		if (areas) {
			read_text(L, doc, c, "former", false, &pl.former);
			read_text(L, doc, c, "note", false, &pl.note);
		}
		if (!id)
			continue;
		if (!ltext_present(&pl.name) && i == *n) {
			diag_error(L->d, json_pos(doc, c),
				   "missing required field \"name\"");
			continue;
		}
		if (i < *n) {
			/* A built-in group: the names given replace its own,
			 * language by language. */
			struct place *old = &places[i];
			for (size_t l = 0; l < MODEL_MAX_LANGS; l++)
				if (pl.name.s[l]) {
					old->name.s[l] = pl.name.s[l];
					old->name_from[l] = NULL;
				}
			if (ltext_present(&pl.name))
				old->name.pos = pl.name.pos;
			old->description = pl.description;
			continue;
		}
		places[i] = pl;
		*slot = i + 1;
		(*n)++;
	}
	free(ids.slots);
}

/* Names built-in group g in the languages of the table; the theme's words
 * may name it in others (theme_name_groups). Until then, a default
 * language the table lacks has the English name, marked as such. */
static void set_builtin_name(struct loader *L, struct place *pl, size_t g)
{
	const struct site *s = &L->m->site;
	struct ltext *t = &pl->name;
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < s->nlangs; i++) {
		const char *code = s->langs[i];
		if (!strcmp(code, "vi"))
			t->s[i] = builtin_groups[g].vi;
		else if (!strcmp(code, "en"))
			t->s[i] = builtin_groups[g].en;
		else if (!strcmp(code, "zh") || !strcmp(code, "zh-Hans") ||
			 !strcmp(code, "zh-CN") || !strcmp(code, "zh-SG"))
			t->s[i] = builtin_groups[g].zh;
	}
	if (!t->s[0]) {
		t->s[0] = builtin_groups[g].en;
		pl->name_from[0] = "en";
	}
}

static void read_groups(struct loader *L, const struct json_doc *doc,
			const cJSON *o)
{
	struct model *m = L->m;
	struct site *s = &m->site;
	size_t nb = sizeof(builtin_groups) / sizeof(builtin_groups[0]);
	const cJSON *groups =
		json_member(doc, o, "groups", JSON_ARRAY, false, L->d);
	size_t cap = nb + (groups ? (size_t)cJSON_GetArraySize(groups) : 0);
	s->groups = arena_alloc(&m->arena, cap * sizeof(*s->groups));
	for (size_t g = 0; g < nb; g++) {
		s->groups[g].id = builtin_groups[g].id;
		s->groups[g].builtin = true;
		set_builtin_name(L, &s->groups[g], g);
	}
	s->ngroups = nb;
	if (groups)
		/* TRANSLATORS: what a message is about: an item of "groups",
		 * as in "%s must be an object {...}, not a string". */
		read_places(L, doc, groups, _("a product group"), false,
			    s->groups, &s->ngroups);
}

static void read_area_places(struct loader *L, const struct json_doc *doc,
			     const cJSON *list)
{
	struct areas *ar = &L->m->site.areas;
	size_t cap = (size_t)cJSON_GetArraySize(list) + 1;
	ar->places = arena_alloc(&L->m->arena, cap * sizeof(*ar->places));
	/* TRANSLATORS: what a message is about: one of the places (communes,
	 * districts) of "areas", as in "%s must be an object {...}, not a
	 * string". */
	read_places(L, doc, list, _("a place"), true, ar->places, &ar->nplaces);
}

/* "areas": {"id", "label", "title", "places": [...]}, or the old
 * "districts": [...], read for one version as areas of id "districts"
 * with the theme's word for their label. */
static void read_areas(struct loader *L, const struct json_doc *doc,
		       const cJSON *o)
{
	struct areas *ar = &L->m->site.areas;
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(o, "districts");
	if (old && cJSON_HasObjectItem(o, "areas")) {
		diag_error(L->d, json_key_pos(doc, old),
			   "\"areas\" and the old \"districts\" are both "
			   "given: keep \"areas\" and delete \"districts\"");
		old = NULL;
	}
	if (old) {
		diag_warning(L->d, json_key_pos(doc, old),
			     "\"districts\" is now \"areas\": write "
			     "\"areas\": {\"id\": \"districts\", \"label\": "
			     "{\"vi\": \"Huyện\", \"en\": \"District\"}, "
			     "\"places\": [...]} with this list as its "
			     "\"places\" (the next version of ocopgen will "
			     "not read \"districts\")");
		ar->id = "districts";
		ar->pos = json_key_pos(doc, old);
		if (json_expect(doc, old, JSON_ARRAY, "\"districts\"", L->d))
			read_area_places(L, doc, old);
		return;
	}
	const cJSON *a = json_member(doc, o, "areas", JSON_OBJECT, true, L->d);
	if (!a)
		return;
	json_check_members(doc, a, areas_fields, L->d);
	ar->id = read_ref(L, doc, a, "id", true, &ar->pos);
	read_text(L, doc, a, "label", true, &ar->label);
	read_text(L, doc, a, "title", false, &ar->title);
	const cJSON *places =
		json_member(doc, a, "places", JSON_ARRAY, true, L->d);
	if (places)
		read_area_places(L, doc, places);
}

static const char *const image_settings_fields[] = {"widths", "quality", NULL};

/* "images": {"widths": [480, 960, 1600], "quality": 80}. */
static void read_image_settings(struct loader *L, const struct json_doc *doc,
				const cJSON *o)
{
	struct site *s = &L->m->site;
	static const int default_widths[] = {480, 960, 1600};
	s->nimage_widths = 3;
	memcpy(s->image_widths, default_widths, sizeof(default_widths));
	s->image_quality = 80;
	const cJSON *im =
		json_member(doc, o, "images", JSON_OBJECT, false, L->d);
	if (!im)
		return;
	json_check_members(doc, im, image_settings_fields, L->d);
	s->image_quality =
		read_int(L, doc, im, "quality", false, 1, 100,
			 _("write a WebP quality from 1 to 100"), 80);
	const cJSON *list =
		json_member(doc, im, "widths", JSON_ARRAY, false, L->d);
	if (!list)
		return;
	size_t n = 0;
	for (const cJSON *c = list->child; c; c = c->next) {
		double v = cJSON_IsNumber(c) ? c->valuedouble : -1;
		if (v != (int)v || v < 16 || v > 8192 ||
		    (n && v <= s->image_widths[n - 1]) ||
		    n == sizeof(s->image_widths) / sizeof(int)) {
			diag_error(L->d, json_pos(doc, c),
				   "\"widths\" must hold up to 8 whole numbers "
				   "of pixels from 16 to 8192, in increasing "
				   "order");
			return;
		}
		s->image_widths[n++] = (int)v;
	}
	if (n)
		s->nimage_widths = n;
}

static const char *const kiosk_settings_fields[] = {"idle_seconds", NULL};

/* "kiosk": {"idle_seconds": 90}. */
static void read_kiosk_settings(struct loader *L, const struct json_doc *doc,
				const cJSON *o)
{
	struct site *s = &L->m->site;
	s->kiosk_idle_seconds = 90;
	const cJSON *k = json_member(doc, o, "kiosk", JSON_OBJECT, false, L->d);
	if (!k)
		return;
	json_check_members(doc, k, kiosk_settings_fields, L->d);
	s->kiosk_idle_seconds =
		read_int(L, doc, k, "idle_seconds", false, 1, 86400,
			 _("write a number of seconds from 1 to 86400"), 90);
}

static int load_site(struct loader *L)
{
	struct model *m = L->m;
	struct site *s = &m->site;
	const char *show = show_path(L, "content/site.json");
	struct stat st;
	if (stat(fs_path(L, "content"), &st) < 0 || !S_ISDIR(st.st_mode))
		return diag_error(L->d, pos_folder(show_path(L, "content")),
				  "no content folder here: run ocopgen in the "
				  "folder that holds content/, or name it "
				  "with -C");
	struct json_doc doc;
	int loaded = json_doc_load(&doc, fs_path(L, "content/site.json"), show,
				   LIMIT_SITE_BYTES, L->d);
	if (loaded == 0) {
		key_file(L, -1, "content/site.json", &doc.src);
		m->site_key = XXH3_128bits(doc.src.data, doc.src.len);
	}
	if (loaded < 0 ||
	    !json_expect(&doc, doc.root, JSON_OBJECT, "site.json", L->d)) {
		json_doc_release(&doc);
		return -1;
	}
	const cJSON *o = doc.root;
	json_check_members(&doc, o, load_site_fields, L->d);
	read_languages(L, &doc, o);
	if (!s->nlangs) {
		json_doc_release(&doc);
		return -1;
	}
	read_language_names(L, &doc, o);
	read_text(L, &doc, o, "title", true, &s->title);
	read_text(L, &doc, o, "description", true, &s->description);
	read_text(L, &doc, o, "province", true, &s->province);
	read_text(L, &doc, o, "notice", false, &s->notice);
	read_text(L, &doc, o, "placeholder_contacts", false,
		  &s->placeholder_contacts);
	read_date(L, &doc, o, "as_of", false, &s->as_of);
	s->require_sources = read_bool(L, &doc, o, "require_sources");
	read_image_settings(L, &doc, o);
	read_kiosk_settings(L, &doc, o);
	s->base_url = read_string(L, &doc, o, "base_url", true);
	if (s->base_url)
		s->base_url_pos = member_pos(&doc, o, "base_url");
	const char *url_fault =
		s->base_url ? base_url_fault(s->base_url) : NULL;
	if (url_fault) {
		diag_error(L->d, member_pos(&doc, o, "base_url"),
			   /* TRANSLATORS: %s says what is wrong with
			    * "base_url", as in "\"base_url\" names no
			    * host". */
			   "%s: write the address the site is served at, "
			   "http:// or https://, its host, and a path ending "
			   "in '/', such as \"https://ocop.example.org/\"",
			   url_fault);
		s->base_url = NULL;
	}
	s->theme = read_ref(L, &doc, o, "theme", false, &s->theme_pos);
	read_groups(L, &doc, o);
	read_areas(L, &doc, o);
	s->featured = read_string_list(L, &doc, o, "featured", true,
				       &s->nfeatured, &s->featured_pos);
	json_doc_release(&doc);
	return 0;
}

/* Reports the n item folders of content/<section>, more than
 * LIMIT_ITEMS. */
static void too_many_items(struct loader *L, const char *section, size_t n)
{
	struct pos pos = pos_folder(show_path(
		L, arena_printf(&L->m->arena, "content/%s", section)));
	if (!strcmp(section, "producers"))
		diag_error(L->d, pos,
			   "%zu item folders; a catalogue holds at most %d "
			   "producers",
			   n, LIMIT_ITEMS);
	else if (!strcmp(section, "products"))
		diag_error(L->d, pos,
			   "%zu item folders; a catalogue holds at most %d "
			   "products",
			   n, LIMIT_ITEMS);
	else if (!strcmp(section, "stories"))
		diag_error(L->d, pos,
			   "%zu item folders; a catalogue holds at most %d "
			   "stories",
			   n, LIMIT_ITEMS);
	else
		diag_error(L->d, pos,
			   "%zu item folders; a catalogue holds at most %d "
			   "pages",
			   n, LIMIT_ITEMS);
}

/* Loads every item folder of a kind into *items, an array of size-byte
 * records made for them, reading AHEAD_ITEMS of them ahead at a time.
 * Returns -1, having loaded none, when there are more than LIMIT_ITEMS. */
static int load_section(struct loader *L, const struct item_kind *k,
			void **items, size_t size)
{
	char **names;
	size_t n = list_items(L, k->section, &names);
	if (n > LIMIT_ITEMS) {
		*items = arena_alloc(&L->m->arena, size);
		too_many_items(L, k->section, n);
		free_names(names, n);
		return -1;
	}
	*items = arena_alloc(&L->m->arena, (n ? n : 1) * size);
	/* No more than the items: a section of a few items needs no 160 KB
	 * zeroed for 256. */
	size_t batch = n < AHEAD_ITEMS ? (n ? n : 1) : AHEAD_ITEMS;
	struct ahead_item *ahead = xcalloc(batch, sizeof(*ahead));
	for (size_t first = 0; first < n; first += AHEAD_ITEMS) {
		size_t count =
			n - first < AHEAD_ITEMS ? n - first : AHEAD_ITEMS;
		struct ahead ah = {L, k->section, k->record, names + first,
				   ahead};
		pool_run(count, L->threads, read_ahead_job, &ah);
		for (size_t i = 0; i < count; i++) {
			L->ahead = &ahead[i];
			load_item(L, k, names[first + i]);
			ahead_release(&ahead[i]);
		}
	}
	L->ahead = NULL;
	free(ahead);
	free_names(names, n);
	return 0;
}

/* Past the limit of one kind of item, the model is left with none of any
 * kind, and nothing to feature: references to the kind not loaded would
 * only add errors to the one that says why. */
static void drop_items(struct model *m)
{
	m->nproducers = m->nproducts = m->nstories = m->npages = 0;
	void **items[] = {(void **)&m->producers, (void **)&m->products,
			  (void **)&m->stories, (void **)&m->pages};
	for (size_t i = 0; i < ARRAY_SIZE(items); i++)
		if (!*items[i])
			*items[i] = arena_alloc(&m->arena, 1);
	m->site.nfeatured = 0;
}

int load_content(struct model *m, const char *dir, const char *display,
		 int threads, struct diag *d)
{
	struct loader L = {.m = m,
			   .d = d,
			   .dir = dir,
			   .display = display,
			   .threads = threads > 0 ? threads : 1};
	for (size_t i = 0; i < ARRAY_SIZE(L.key); i++) {
		if (!(L.key[i] = XXH3_createState()))
			die_oom();
		XXH3_128bits_reset(L.key[i]);
	}
	m->root = arena_strdup(&m->arena, dir);
	m->display = arena_strdup(&m->arena, display);
	int rc = load_site(&L);
	if (rc == 0) {
		bool over =
			load_section(&L, &producer_kind, (void **)&m->producers,
				     sizeof(*m->producers)) < 0 ||
			load_section(&L, &product_kind, (void **)&m->products,
				     sizeof(*m->products)) < 0 ||
			load_section(&L, &story_kind, (void **)&m->stories,
				     sizeof(*m->stories)) < 0 ||
			load_section(&L, &page_kind, (void **)&m->pages,
				     sizeof(*m->pages)) < 0;
		if (over)
			drop_items(m);
		rc = diag_error_count(d) ? -1 : 0;
	}
	key_finish(&L);
	for (size_t i = 0; i < ARRAY_SIZE(L.key); i++)
		XXH3_freeState(L.key[i]);
	return rc;
}
