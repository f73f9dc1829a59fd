/* fixture: the small site the fuzz harnesses write their inputs into. */
#include "fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "validate.h"

struct fixture_file {
	const char *rel;
	const char *text;
	size_t len; /* 0: strlen(text) */
};

/* A 1×1 PNG, the product's photo. */
static const char png[] =
	"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
	"\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0cIDAT\x78\x9c\x63"
	"\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00"
	"IEND\xae\x42\x60\x82";

static const struct fixture_file files[] = {
	{FIXTURE_SITE,
	 "{\"languages\": [\"vi\", \"en\"],\n"
	 " \"title\": {\"vi\": \"Sản phẩm OCOP\", \"en\": \"OCOP products\"},\n"
	 " \"description\": \"OCOP\",\n"
	 " \"province\": {\"vi\": \"Bắc Kạn\", \"en\": \"Bac Kan\"},\n"
	 " \"base_url\": \"https://example.org/ocop/\",\n"
	 " \"areas\": {\"id\": \"districts\", \"label\": \"Huyện\",\n"
	 "  \"title\": \"Huyện\", \"places\": [\n"
	 "  {\"id\": \"na-ri\", \"name\": {\"vi\": \"Na Rì\", \"en\": "
	 "\"Na Ri\"}}]},\n"
	 " \"featured\": [\"mien-dong\"]}\n",
	 0},
	{FIXTURE_PRODUCER,
	 "{\"name\": \"HTX Tài Hoan\", \"type\": \"cooperative\",\n"
	 " \"area\": \"na-ri\", \"address\": \"Xã Côn Minh\",\n"
	 " \"phone\": \"+84 912 000 111\", \"email\": \"a@example.org\"}\n",
	 0},
	{"content/producers/htx-a/vi.md", "Hợp tác xã ở **Na Rì**.\n", 0},
	{FIXTURE_PRODUCT,
	 "{\"name\": {\"vi\": \"Miến dong\", \"en\": \"Vermicelli\"},\n"
	 " \"summary\": \"Miến dong Na Rì.\", \"stars\": 4,\n"
	 " \"certificate\": {\"decision\": \"2890/QĐ-UBND\", \"issued\": "
	 "\"2022-06-30\"},\n"
	 " \"group\": \"food\", \"producer\": \"htx-a\",\n"
	 " \"images\": [{\"file\": \"images/x.png\", \"alt\": \"Gói miến\"}],\n"
	 " \"price\": {\"min\": 60000, \"max\": 75000, \"currency\": "
	 "\"VND\", \"unit\": \"kg\"},\n"
	 " \"net_weight\": {\"value\": 500, \"unit\": \"g\"},\n"
	 " \"shelf_life\": {\"value\": 12, \"unit\": \"month\"}}\n",
	 0},
	{FIXTURE_PRODUCT_BODY,
	 "Miến dong làm từ **củ dong**.\n\n![Gói](images/x.png)\n", 0},
	{"content/products/mien-dong/images/x.png", png, sizeof(png) - 1},
	{FIXTURE_STORY,
	 "{\"title\": \"Hội chợ\", \"summary\": \"Hội chợ OCOP 2023.\",\n"
	 " \"date\": \"2023-11-20\", \"products\": [\"mien-dong\"]}\n",
	 0},
	{"content/stories/hoi-cho/vi.md", "Hội chợ OCOP.\n", 0},
	{FIXTURE_PAGE, "{\"title\": \"Giới thiệu\", \"menu\": 1}\n", 0},
	{"content/pages/gioi-thieu/vi.md", "OCOP là gì.\n", 0},
};

static char dir[4096];
static char path_buf[4096 + 256];
static FILE *null_stream;

static void fail(const char *what, const char *path)
{
	fprintf(stderr, "fixture: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_dir(void)
{
	if (dir[0])
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (null_stream)
		fclose(null_stream);
}

const char *fixture_path(const char *rel)
{
	snprintf(path_buf, sizeof(path_buf), "%s/%s", dir, rel);
	return path_buf;
}

/* Makes the folders above path. */
static void make_parents(char *path)
{
	for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			fail("cannot make", path);
		*p = '/';
	}
}

void fixture_write(const char *rel, const void *data, size_t len)
{
	char *path = (char *)fixture_path(rel);
	make_parents(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		fail("cannot write", path);
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail("cannot write", path);
		p += n;
		len -= (size_t)n;
	}
	close(fd);
}

void fixture_restore(const char *rel)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(files[i].rel, rel))
			continue;
		fixture_write(rel, files[i].text,
			      files[i].len ? files[i].len
					   : strlen(files[i].text));
		return;
	}
}

const char *fixture_make(void)
{
	if (dir[0])
		return dir;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/ocopgen-fuzz.XXXXXX", tmp);
	if (!mkdtemp(dir))
		fail("cannot make", dir);
	atexit(remove_dir);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		fixture_restore(files[i].rel);
	return dir;
}

FILE *fixture_null(void)
{
	if (!null_stream)
		null_stream = fopen("/dev/null", "w");
	if (!null_stream)
		fail("cannot open", "/dev/null");
	return null_stream;
}

int fixture_load(struct model *m, FILE *messages)
{
	struct diag d;
	diag_init(&d);
	memset(m, 0, sizeof(*m));
	int rc = load_content(m, fixture_make(), "", 1, &d);
	if (rc == 0)
		rc = validate_model(m, &d);
	diag_print(&d, messages, 0);
	diag_release(&d);
	return rc;
}

char *fixture_strndup(const void *data, size_t len)
{
	char *s = malloc(len + 1);
	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}
