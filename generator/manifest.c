/* The manifest of a site folder, in its marker file. */
#include "manifest.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fs.h"
#include "util.h"

/* After the marker text: this line, then one line per file:
 * "<hash> <key> <size> <file>", the hashes as 32 hexadecimal digits, the
 * size in decimal. A marker of the version before (without sizes) is not
 * read: its folder is written whole once. */
#define MANIFEST_HEADER "manifest 2\n"

enum { HEX128 = 32 };

static void add_hex(struct buf *b, XXH128_hash_t h)
{
	buf_printf(b, "%016" PRIx64 "%016" PRIx64, h.high64, h.low64);
}

static bool parse_hex(const char *s, XXH128_hash_t *h)
{
	uint64_t part[2] = {0, 0};
	for (int i = 0; i < HEX128; i++) {
		int c = (unsigned char)s[i], v;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else
			return false;
		part[i / 16] = part[i / 16] << 4 | (uint64_t)v;
	}
	h->high64 = part[0];
	h->low64 = part[1];
	return true;
}

void manifest_add(struct manifest *m, const char *file, XXH128_hash_t hash,
		  XXH128_hash_t key, struct file_stamp stamp)
{
	XGROW(m->entries, m->n, m->cap);
	m->entries[m->n++] = (struct manifest_entry){
		.file = arena_strdup(&m->arena, file),
		.hash = hash,
		.key = key,
		.stamp = stamp,
	};
}

static long long ns_of(struct timespec t)
{
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

bool manifest_stamp(const char *path, struct file_stamp *stamp,
		    long long *mtime)
{
	struct stat st;
	bool regular = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
	stamp->size = regular ? (long long)st.st_size : -1;
	if (mtime)
		*mtime = regular ? ns_of(st.st_mtim) : 0;
	return regular;
}

long long manifest_mtime(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 ? ns_of(st.st_mtim) : 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct manifest_entry *)a)->file,
		      ((const struct manifest_entry *)b)->file);
}

void manifest_seal(struct manifest *m)
{
	if (m->n)
		qsort(m->entries, m->n, sizeof(*m->entries), cmp_entry);
}

const struct manifest_entry *manifest_find(const struct manifest *m,
					   const char *file)
{
	struct manifest_entry probe = {.file = file};
	return m->n ? bsearch(&probe, m->entries, m->n, sizeof(*m->entries),
			      cmp_entry)
		    : NULL;
}

bool manifest_equal(const struct manifest *a, const struct manifest *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct manifest_entry *x = &a->entries[i],
					    *y = &b->entries[i];
		if (strcmp(x->file, y->file) || !hash_equal(x->hash, y->hash) ||
		    !hash_equal(x->key, y->key) ||
		    x->stamp.size != y->stamp.size)
			return false;
	}
	return true;
}

void manifest_release(struct manifest *m)
{
	free(m->entries);
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

/* Parses the lines after the header; false at the first that is not an
 * entry, or out of order. */
static bool parse_entries(struct manifest *m, char *p, const char *end)
{
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || nl - p < 2 * HEX128 + 3 || p[HEX128] != ' ' ||
		    p[2 * HEX128 + 1] != ' ')
			return false;
		XXH128_hash_t hash, key;
		if (!parse_hex(p, &hash) || !parse_hex(p + HEX128 + 1, &key))
			return false;
		*nl = '\0';
		char *after;
		struct file_stamp stamp;
		stamp.size = strtoll(p + 2 * HEX128 + 2, &after, 10);
		if (*after != ' ')
			return false;
		const char *file = after + 1;
		if (m->n && strcmp(m->entries[m->n - 1].file, file) >= 0)
			return false;
		manifest_add(m, file, hash, key, stamp);
		p = nl + 1;
	}
	return true;
}

int manifest_read(struct manifest *m, const char *path)
{
	memset(m, 0, sizeof(*m));
	struct buf b = BUF_INIT;
	int rc = -1;
	size_t lead = strlen(MANIFEST_MARKER_TEXT MANIFEST_HEADER);
	if (buf_read_file(&b, path) == 0 && b.len >= lead &&
	    !memcmp(b.data, MANIFEST_MARKER_TEXT MANIFEST_HEADER, lead) &&
	    parse_entries(m, b.data + lead, b.data + b.len))
		rc = 0;
	buf_release(&b);
	if (rc < 0)
		manifest_release(m);
	return rc;
}

int manifest_write(const struct manifest *m, const char *path)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, MANIFEST_MARKER_TEXT);
	bool whole = m != NULL;
	if (m) {
		buf_adds(&b, MANIFEST_HEADER);
		for (size_t i = 0; i < m->n; i++) {
			/* A name that a line cannot hold: the folder is then
			 * not described, and the next build writes it whole. */
			if (strchr(m->entries[i].file, '\n')) {
				whole = false;
				break;
			}
			add_hex(&b, m->entries[i].hash);
			buf_addc(&b, ' ');
			add_hex(&b, m->entries[i].key);
			buf_printf(&b, " %lld ", m->entries[i].stamp.size);
			buf_adds(&b, m->entries[i].file);
			buf_addc(&b, '\n');
		}
	}
	if (!whole) {
		buf_reset(&b);
		buf_adds(&b, MANIFEST_MARKER_TEXT);
	}
	int rc = fs_write_atomic(path, b.data, b.len);
	int e = errno;
	buf_release(&b);
	errno = e;
	return rc;
}
