/* A new item folder, to fill in. */
#include "new.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build.h"
#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "load.h"
#include "model.h"
#include "text.h"
#include "util.h"

/* What a text still to be written says, in the languages it is known in;
 * English in the others. */
struct hint {
	const char *vi, *en, *zh;
};

static const struct hint
	product_name = {"Tên sản phẩm", "The product's name", "产品名称"},
	product_summary = {"Một câu giới thiệu sản phẩm cho người mua",
			   "One sentence on the product, for buyers",
			   "一句话向买家介绍产品"},
	producer_name = {"Tên chủ thể (hợp tác xã, doanh nghiệp, hộ)",
			 "The producer's name (cooperative, enterprise, "
			 "household)",
			 "生产主体名称（合作社、企业、农户）"},
	producer_address = {"Địa chỉ: thôn, xã, tỉnh",
			    "Address: village, "
			    "commune, province",
			    "地址：村、乡、省"},
	story_title = {"Tiêu đề tin", "The story's title", "新闻标题"},
	story_summary = {"Một câu tóm tắt tin", "The story in one sentence",
			 "一句话概括新闻"},
	page_title = {"Tiêu đề trang", "The page's title", "页面标题"},
	page_summary = {"Một câu tóm tắt trang", "The page in one sentence",
			"一句话概括页面"},
	product_body = {"Câu chuyện của sản phẩm: ai làm, làm ở đâu, làm thế "
			"nào, điều gì làm nó khác biệt.",
			"The product's story: who makes it, where, how, and "
			"what sets it apart.",
			"产品的故事：谁制作、在哪里、怎样制作、有何独特之处。"},
	producer_body = {"Giới thiệu chủ thể: lịch sử, thành viên, vùng "
			 "nguyên liệu, cách liên hệ mua hàng.",
			 "About the producer: its history, members, where its "
			 "raw materials come from, how to buy.",
			 "生产主体介绍：历史、成员、原料产地、购买方式。"},
	story_body = {"Nội dung tin.", "The story's text.", "新闻正文。"},
	page_body = {"Nội dung trang.", "The page's text.", "页面正文。"};

static const char *hint_in(const struct hint *h, const char *lang)
{
	if (!strcmp(lang, "vi"))
		return h->vi;
	if (!strcmp(lang, "zh") || !strncmp(lang, "zh-", 3))
		return h->zh;
	return h->en;
}

static void add_json_string(struct buf *b, const char *s)
{
	cJSON *str = cJSON_CreateString(s);
	char *q = str ? cJSON_PrintUnformatted(str) : NULL;
	if (!q)
		die_oom();
	buf_adds(b, q);
	cJSON_free(q);
	cJSON_Delete(str);
}

/* "name": {"vi": "✎ ...", ...}, a text to write in every language. */
static void add_text(struct buf *b, const struct model *m, const char *name,
		     const struct hint *h)
{
	buf_printf(b, "  \"%s\": {", name);
	for (size_t i = 0; i < m->site.nlangs; i++) {
		const char *lang = m->site.langs[i];
		struct buf t = BUF_INIT;
		buf_printf(&t, MODEL_TO_FILL " %s", hint_in(h, lang));
		buf_printf(b, "%s\n    \"%s\": ", i ? "," : "", lang);
		add_json_string(b, t.data);
		buf_release(&t);
	}
	buf_adds(b, "\n  },\n");
}

static void add_member(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "  \"%s\": ", name);
	add_json_string(b, value);
	buf_adds(b, ",\n");
}

/* "to_fill": [...], the record's last member. */
static void add_to_fill(struct buf *b, const char *const *fields, size_t n)
{
	buf_adds(b, "  \"to_fill\": [");
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, i ? ", " : "");
		add_json_string(b, fields[i]);
	}
	buf_adds(b, "]\n");
}

/* The record of the new item in rec; its fields that new cannot fill in
 * in fill. Returns false after saying why it cannot be made. */
static bool make_record(const struct new_opts *o, const struct model *m,
			struct buf *rec)
{
	const char *fill[8];
	size_t nfill = 0;
	buf_printf(rec,
		   "{\n  \"$schema\": \"../../../schemas/%s.schema.json\",\n",
		   o->kind);
	if (!strcmp(o->kind, "product")) {
		const struct producer *p = NULL;
		if (o->producer && !(p = model_find_producer(m, o->producer))) {
			const char *near =
				text_nearest(o->producer, m, m->nproducers,
					     model_producer_id);
			if (near)
				fprintf(stderr,
					/* TRANSLATORS: the producer asked for,
					 * the nearest id there is, then the
					 * producer asked for again, in a
					 * command to run as it is. */
					_("ocopgen: there is no producer "
					  "\"%s\" (did you mean \"%s\"?); "
					  "make it first with: ocopgen new "
					  "producer %s\n"),
					o->producer, near, o->producer);
			else
				fprintf(stderr,
					_("ocopgen: there is no producer "
					  "\"%s\"; make it first with: ocopgen "
					  "new producer %s\n"),
					o->producer, o->producer);
			return false;
		}
		if (!p && !m->nproducers) {
			fprintf(stderr,
				_("ocopgen: the site has no producer yet: make "
				  "the product's first, with ocopgen new "
				  "producer ID, then name it with --producer "
				  "ID\n"));
			return false;
		}
		const struct place *g = NULL;
		if (o->group && !(g = model_find_group(m, o->group))) {
			struct buf all = BUF_INIT;
			for (size_t i = 0; i < m->site.ngroups; i++)
				buf_printf(&all, "%s%s", i ? ", " : "",
					   m->site.groups[i].id);
			const char *near = text_nearest(
				o->group, m, m->site.ngroups, model_group_id);
			/* TRANSLATORS: in "the groups are %s", when the site
			 * has none. */
			const char *ids = all.data ? all.data : _("none");
			if (near)
				fprintf(stderr,
					/* TRANSLATORS: the group asked for, the
					 * nearest there is, then the ids of
					 * all. */
					_("ocopgen: there is no group \"%s\" "
					  "(did you mean \"%s\"?); the groups "
					  "are %s\n"),
					o->group, near, ids);
			else
				fprintf(stderr,
					/* TRANSLATORS: the group asked for,
					 * then the ids of all. */
					_("ocopgen: there is no group \"%s\"; "
					  "the groups are %s\n"),
					o->group, ids);
			buf_release(&all);
			return false;
		}
		add_text(rec, m, "name", &product_name);
		add_text(rec, m, "summary", &product_summary);
		buf_adds(rec, "  \"stars\": 3,\n");
		fill[nfill++] = "stars";
		char day[DATE_ISO_SIZE];
		buf_printf(rec, "  \"certificate\": {\"issued\": \"%s\"},\n",
			   date_format_iso(m->today, day));
		fill[nfill++] = "certificate";
		add_member(rec, "group", g ? g->id : m->site.groups[0].id);
		if (!g)
			fill[nfill++] = "group";
		add_member(rec, "producer", p ? p->id : m->producers[0].id);
		if (!p)
			fill[nfill++] = "producer";
	} else if (!strcmp(o->kind, "producer")) {
		if (!m->site.areas.nplaces) {
			fprintf(stderr,
				_("ocopgen: the \"areas\" of site.json list no "
				  "place: a producer names one\n"));
			return false;
		}
		add_text(rec, m, "name", &producer_name);
		add_member(rec, "type", "cooperative");
		fill[nfill++] = "type";
		add_member(rec, "area", m->site.areas.places[0].id);
		fill[nfill++] = "area";
		add_text(rec, m, "address", &producer_address);
		/* How buyers reach the producer: each to write, or its line
		 * to delete; until then none is published. */
		add_member(rec, "phone", MODEL_TO_FILL " +84 209 3884 123");
		add_member(rec, "zalo", MODEL_TO_FILL " +84 912 345 678");
		add_member(rec, "email", MODEL_TO_FILL " ten@example.vn");
	} else if (!strcmp(o->kind, "story")) {
		add_text(rec, m, "title", &story_title);
		add_text(rec, m, "summary", &story_summary);
		char day[DATE_ISO_SIZE];
		add_member(rec, "date", date_format_iso(m->today, day));
	} else {
		add_text(rec, m, "title", &page_title);
		add_text(rec, m, "summary", &page_summary);
	}
	add_to_fill(rec, fill, nfill);
	buf_adds(rec, "}\n");
	return true;
}

static const struct {
	const char *kind, *section, *record;
	const struct hint *body;
} kinds[] = {
	{"product", "products", "product.json", &product_body},
	{"producer", "producers", "producer.json", &producer_body},
	{"story", "stories", "story.json", &story_body},
	{"page", "pages", "page.json", &page_body},
};

int new_item(const struct new_opts *o)
{
	size_t k = 0;
	while (k < ARRAY_SIZE(kinds) && strcmp(kinds[k].kind, o->kind))
		k++;
	if (k == ARRAY_SIZE(kinds)) {
		fprintf(stderr,
			_("ocopgen: cannot make a new \"%s\": make a product, "
			  "producer, story or page\n"),
			o->kind);
		return EXIT_USAGE;
	}
	if ((o->producer || o->group) && strcmp(o->kind, "product")) {
		fprintf(stderr, _("ocopgen: --producer and --group go with new "
				  "product\n"));
		return EXIT_USAGE;
	}
	if (!text_is_slug(o->slug)) {
		char *better = text_slug_from(o->slug);
		if (*better)
			fprintf(stderr,
				_("ocopgen: \"%s\" is not a valid id: use "
				  "lower-case letters a-z, digits and single "
				  "hyphens, such as \"%s\"\n"),
				o->slug, better);
		else
			fprintf(stderr,
				_("ocopgen: \"%s\" is not a valid id: use "
				  "lower-case letters a-z, digits and single "
				  "hyphens\n"),
				o->slug);
		free(better);
		return EXIT_CONTENT;
	}
	/* The site's languages, groups, areas and producers; the day. */
	struct model m = {0};
	struct diag d;
	diag_init(&d);
	struct buf display = BUF_INIT;
	if (strcmp(o->dir, "."))
		buf_printf(&display, "%s/", o->dir);
	int status = EXIT_CONTENT;
	if (build_reference_day(&m.today) < 0)
		goto done;
	load_content(&m, o->dir, display.data ? display.data : "", o->threads,
		     &d);
	if (m.site.as_of.year)
		m.today = m.site.as_of;
	struct buf folder = BUF_INIT, rec = BUF_INIT, path = BUF_INIT;
	if (!m.site.nlangs) {
		/* site.json itself is wrong: what else is, is for check. */
		diag_print(&d, stderr, DIAG_QUIET);
		goto done;
	}
	buf_printf(&folder, "%scontent/%s/%s", display.data ? display.data : "",
		   kinds[k].section, o->slug);
	struct stat st;
	if (lstat(folder.data, &st) == 0) {
		fprintf(stderr,
			_("ocopgen: %s already exists: choose another "
			  "id, or edit it\n"),
			folder.data);
		goto done;
	}
	if (!make_record(o, &m, &rec))
		goto done;
	status = EXIT_OUTPUT;
	if (fs_mkdir_p(folder.data) < 0) {
		fprintf(stderr, _("ocopgen: cannot make %s: %s\n"), folder.data,
			strerror(errno));
		goto done;
	}
	size_t from = folder.len + 1;
	buf_printf(&path, "%s/%s", folder.data, kinds[k].record);
	if (fs_write_new(path.data, from, rec.data, rec.len) < 0)
		goto failed;
	/* TRANSLATORS: the record's file; the files of its texts follow, as
	 * ", vi.md, en.md", then a new line. */
	fprintf(stderr, _("ocopgen: wrote %s"), path.data);
	for (size_t i = 0; i < m.site.nlangs; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s.md", folder.data, m.site.langs[i]);
		buf_reset(&rec);
		buf_printf(&rec, MODEL_TO_FILL " %s\n",
			   hint_in(kinds[k].body, m.site.langs[i]));
		if (fs_write_new(path.data, from, rec.data, rec.len) < 0)
			goto failed;
		fprintf(stderr, ", %s.md", m.site.langs[i]);
	}
	fputc('\n', stderr);
	fprintf(stderr,
		/* TRANSLATORS: %s is the mark of a text still to be written (a
		 * pencil, U+270E); "to_fill" is the name of a field. */
		_("ocopgen: write the texts marked %s and the fields its "
		  "\"to_fill\" lists; ocopgen check shows what is left\n"),
		MODEL_TO_FILL);
	status = EXIT_OK;
	goto done;
failed:
	fputc('\n', stderr);
	fprintf(stderr, _("ocopgen: cannot write %s: %s\n"), path.data,
		strerror(errno));
	fs_remove_tree(folder.data, NULL);
done:
	buf_release(&folder);
	buf_release(&rec);
	buf_release(&path);
	buf_release(&display);
	diag_release(&d);
	model_release(&m);
	return status;
}
