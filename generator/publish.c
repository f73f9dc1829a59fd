/* The spare folder brought up to date, then swapped with the output. */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "i18n.h"
#include "util.h"

/* Present in every output folder ocopgen writes: it is what allows a later
 * build to replace the folder, and it holds the folder's manifest. */
#define MARKER ".ocopgen"
/* publish.changing */
enum { UNTOUCHED, MARKING, CHANGING };

/* The spare folder: OUT followed by this. */
#define SPARE ".ocopgen-spare"

/* Removes an output or staging folder. The marker goes last, so that a
 * removal cut short by a kill still leaves a folder that the next build
 * knows as its own. */
static int remove_site(const char *path)
{
	return fs_remove_tree(path, MARKER);
}

static bool has_marker(const char *dir)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/" MARKER, dir);
	struct stat st;
	bool ok = lstat(b.data, &st) == 0 && S_ISREG(st.st_mode);
	buf_release(&b);
	return ok;
}

static bool is_empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

/* Splits path into its parent folder and last name (both malloc'd). */
static void split_path(const char *path, char **parent, char **base)
{
	char *copy = xstrdup(path);
	size_t len = strlen(copy);
	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	char *slash = strrchr(copy, '/');
	if (!slash) {
		*parent = xstrdup(".");
		*base = copy;
		return;
	}
	*base = xstrdup(slash + 1);
	if (slash == copy)
		slash[1] = '\0';
	else
		*slash = '\0';
	*parent = copy;
}

/* Removes what killed builds left beside the output: staging folders with
 * the marker inside (of this version, or of one that staged each build in
 * a new folder). The spare is not one of them. */
static void remove_stale(const char *parent, const char *base)
{
	DIR *d = opendir(parent);
	if (!d)
		return;
	struct buf prefix = BUF_INIT, spare = BUF_INIT, path = BUF_INIT;
	buf_printf(&prefix, "%s.ocopgen-", base);
	buf_printf(&spare, "%s" SPARE, base);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix.data, prefix.len) ||
		    !strcmp(e->d_name, spare.data))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", parent, e->d_name);
		if (has_marker(path.data))
			remove_site(path.data);
	}
	closedir(d);
	buf_release(&prefix);
	buf_release(&spare);
	buf_release(&path);
}

/* dir/name in a new string. */
static char *path_in(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

/* Writes dir's marker: with m, a folder that m describes; without, a
 * folder being changed, which no build may trust. */
static int write_marker(const char *dir, const struct manifest *m)
{
	char *path = path_in(dir, MARKER);
	int rc = manifest_write(m, path);
	int e = errno;
	free(path);
	errno = e;
	return rc;
}

/* Reads the manifest of dir into m; empty when there is none. Returns
 * when the marker was written (ns; 0 when there is none), after which
 * nothing the manifest lists may have changed. */
static long long read_marker(const char *dir, struct manifest *m)
{
	char *path = path_in(dir, MARKER);
	manifest_read(m, path);
	long long time = manifest_mtime(path);
	free(path);
	return time;
}

static void count_failure(struct publish *p, const char *path, int e);

/* What for_each_stray does with a stray: rel, below the folder, and its
 * type (DT_DIR, DT_REG, DT_LNK...). */
typedef void stray_fn(void *ctx, const char *rel, unsigned char type);
static void for_each_stray(const char *root, const struct manifest *site,
			   long long since, stray_fn *fn, void *ctx);

/* The output folder and where to say what it holds of the user's own. */
struct foreign {
	const char *out, *spare;
	struct diag *d;
};
static void warn_foreign(void *ctx, const char *rel, unsigned char type);

/* Makes the spare folder ready: the one that a finished build left, with
 * its manifest in p->held (untouched until a file of it must change), or
 * else a new, empty one, whose marker says that it is being changed.
 * Returns 0, or -1 after reporting. */
static int open_spare(struct publish *p, struct pos whole, struct diag *d)
{
	struct stat st;
	/* The empty folder an output was before its first build (made by
	 * hand, or the folder a link names) is the spare after it. */
	if (lstat(p->staging, &st) == 0 && S_ISDIR(st.st_mode) &&
	    !has_marker(p->staging) && is_empty_dir(p->staging) &&
	    rmdir(p->staging) < 0)
		return diag_write_error(d, pos_folder(p->staging), errno,
					"cannot remove the empty folder the "
					"output was before its first build");
	if (lstat(p->staging, &st) == 0) {
		if (!S_ISDIR(st.st_mode) || !has_marker(p->staging))
			return diag_error(d, pos_folder(p->staging),
					  "this is where ocopgen keeps the "
					  "previous site, but it was not "
					  "written by ocopgen; move it away");
		p->held_time = read_marker(p->staging, &p->held);
		/* Without a manifest it was being brought up to date when
		 * its build was killed: what it holds is not known. */
		if (!p->held.n && remove_site(p->staging) < 0)
			return diag_write_error(d, pos_folder(p->staging),
						errno,
						"cannot remove the spare "
						"folder of a killed build");
	}
	if (p->held.n)
		return 0;
	if (mkdir(p->staging, 0755) < 0)
		return diag_write_error(d, whole, errno,
					"cannot create a staging folder beside "
					"the output");
	chmod(p->staging, 0755);
	if (write_marker(p->staging, NULL) < 0)
		return diag_write_error(d, whole, errno, "cannot write in %s",
					p->staging);
	atomic_store(&p->changing, CHANGING);
	return 0;
}

/* Before the first change to the spare: its marker says that it is being
 * changed, so that a build killed from now on leaves a spare that the
 * next build does not trust. One thread writes it; the others wait. */
static void begin_change(struct publish *p)
{
	int state = UNTOUCHED;
	if (atomic_load(&p->changing) == CHANGING)
		return;
	if (atomic_compare_exchange_strong(&p->changing, &state, MARKING)) {
		if (write_marker(p->staging, NULL) < 0)
			count_failure(p, p->staging, errno);
		atomic_store(&p->changing, CHANGING);
		return;
	}
	while (atomic_load(&p->changing) != CHANGING)
		sched_yield();
}

/* The output is replaced by renames in its parent, which a folder that
 * cannot be written would not stop: its owner meant it to stay as it is. A
 * mount point cannot be renamed at all. Returns 0 when neither holds out
 * (whose stat is st), or -1 after reporting. */
static int output_fixed(const char *parent, const char *out,
			const struct stat *st, struct pos whole, struct diag *d)
{
	if (access(out, W_OK) < 0)
		return diag_write_error(d, whole, 0,
					"the output folder cannot be written "
					"(%s); make it writable, or choose "
					"another output with -o",
					strerror(errno));
	struct stat up;
	if (stat(parent, &up) == 0 && up.st_dev != st->st_dev)
		return diag_write_error(d, whole, 0,
					"the output folder is a mount point, "
					"which cannot be replaced whole; "
					"choose a folder inside it with -o");
	return 0;
}

/* The name of user uid, or its number when the system has no name for
 * it, in b. */
static void user_name(struct buf *b, uid_t uid)
{
	const struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name && *pw->pw_name)
		buf_adds(b, pw->pw_name);
	else
		buf_printf(b, "%u", (unsigned)uid);
}

/* A space, then path as a word of the command of su -c '...': as it is,
 * or in double quotes when the shell would read it otherwise. */
static void add_word(struct buf *b, const char *path)
{
	buf_addc(b, ' ');
	if (strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789/._-+,:@%") == strlen(path)) {
		buf_adds(b, path);
		return;
	}
	buf_addc(b, '"');
	for (const char *c = path; *c; c++) {
		if (*c == '\'')
			buf_adds(b, "'\\''"); /* out of the outer quotes */
		else {
			if (strchr("\"$`\\", *c))
				buf_addc(b, '\\');
			buf_addc(b, *c);
		}
	}
	buf_addc(b, '"');
}

/* Whether path is a folder of another user that this one cannot write in
 * (*st is then its stat). */
static bool theirs(const char *path, struct stat *st)
{
	return lstat(path, st) == 0 && S_ISDIR(st->st_mode) &&
	       st->st_uid != geteuid() && access(path, W_OK) < 0 &&
	       errno == EACCES;
}

/* The output folder or the spare beside it belongs to another user, and
 * cannot be written: a build run as root (sudo ocopgen build) left them.
 * Reports it with the command that gives them back to this user, with the
 * site's image cache when it is another's too, and returns -1; 0 when
 * neither is so. */
static int owned_by_another(const char *out, const char *spare,
			    const char *site_dir, struct pos whole,
			    struct diag *d)
{
	struct stat o, sp;
	bool out_theirs = theirs(out, &o);
	bool spare_theirs = theirs(spare, &sp);
	if (!out_theirs && !spare_theirs)
		return 0;
	struct buf owner = BUF_INIT, me = BUF_INIT, args = BUF_INIT;
	user_name(&owner, out_theirs ? o.st_uid : sp.st_uid);
	user_name(&me, geteuid());
	/* chown's "NAME:" gives the user's group too; a user the system has
	 * no name for is given by numbers. */
	if (getpwuid(geteuid()))
		buf_printf(&args, "%s:", me.data);
	else
		buf_printf(&args, "%u:%u", (unsigned)geteuid(),
			   (unsigned)getegid());
	char *cache = path_in(site_dir, ".ocopgen-cache");
	const char *paths[] = {out, spare, cache};
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		struct stat st;
		if (lstat(paths[i], &st) < 0 || st.st_uid == geteuid())
			continue;
		char *real = realpath(paths[i], NULL);
		add_word(&args, real ? real : paths[i]);
		free(real);
	}
	free(cache);
	if (out_theirs)
		diag_write_error(
			d, whole, 0,
			/* TRANSLATORS: the reason (Permission denied), the
			 * user the folder belongs to, the user running
			 * ocopgen, then chown's user and folders. */
			"the output folder cannot be written (%s): it belongs "
			"to %s, not to %s, who runs ocopgen, as a build run "
			"with sudo leaves it; give it back with su -c 'chown "
			"-R %s', then build again, or choose another output "
			"with -o",
			strerror(EACCES), owner.data, me.data, args.data);
	else
		diag_write_error(
			d, pos_folder(spare), 0,
			/* TRANSLATORS: the reason (Permission denied), the
			 * user the folder belongs to, the user running
			 * ocopgen, then chown's user and folders. */
			"this folder, where ocopgen keeps the previous site "
			"to build the next one in, cannot be written (%s): it "
			"belongs to %s, not to %s, who runs ocopgen, as a "
			"build run with sudo leaves it; give it back with su "
			"-c 'chown -R %s', then build again",
			strerror(EACCES), owner.data, me.data, args.data);
	buf_release(&owner);
	buf_release(&me);
	buf_release(&args);
	return -1;
}

static int publish_open(struct publish *p, const char *out,
			const char *site_dir, struct pos whole, struct diag *d);

/* The real path path would have: its deepest existing folder resolved
 * (realpath), the rest as written; NULL when none can be resolved. Free
 * it. */
static char *real_path_to_be(const char *path)
{
	char *real = realpath(path, NULL);
	if (real)
		return real;
	char *parent, *base;
	split_path(path, &parent, &base);
	char *up = strcmp(parent, path) ? real_path_to_be(parent) : NULL;
	char *out = NULL;
	if (up) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s%s%s", up, strcmp(up, "/") ? "/" : "", base);
		out = buf_detach(&b, NULL);
	}
	free(up);
	free(parent);
	free(base);
	return out;
}

/* Whether path is dir or a path inside it (both real paths). */
static bool is_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) &&
	       (path[n] == '/' || path[n] == '\0' || !strcmp(dir, "/"));
}

int publish_check_place(const char *out, const char *site_dir, struct diag *d)
{
	struct pos whole = pos_folder(out);
	static const char *const sources[] = {"content", "themes"};
	char *real_out = real_path_to_be(out);
	int rc = 0;
	for (size_t i = 0; real_out && !rc && i < ARRAY_SIZE(sources); i++) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s/%s", site_dir, sources[i]);
		char *real = realpath(b.data, NULL);
		if (real && is_within(real_out, real))
			rc = diag_error(
				d, whole,
				"the output folder is inside the site's "
				"%s/, which the next build would read; "
				"choose another with -o, outside %s/",
				sources[i], sources[i]);
		free(real);
		buf_release(&b);
	}
	free(real_out);
	return rc;
}

int publish_begin(struct publish *p, const char *out, const char *site_dir,
		  struct diag *d)
{
	memset(p, 0, sizeof(*p));
	struct pos whole = pos_folder(out);
	struct stat st;
	/* An output that is a link ("public -> /var/www/ocop") is built in
	 * the folder it names, and stays a link. */
	char *followed = NULL;
	if (lstat(out, &st) == 0 && S_ISLNK(st.st_mode)) {
		followed = realpath(out, NULL);
		if (!followed)
			return diag_error(
				d, whole,
				"the output is a link to a folder "
				"that does not exist; make the folder "
				"it names, or choose another with -o");
		out = followed;
	}
	int rc = publish_open(p, out, site_dir, whole, d);
	free(followed);
	return rc;
}

static int publish_open(struct publish *p, const char *out,
			const char *site_dir, struct pos whole, struct diag *d)
{
	struct stat st;
	bool exists = stat(out, &st) == 0;
	if (exists) {
		if (!S_ISDIR(st.st_mode))
			return diag_error(d, whole,
					  "the output exists and is not a "
					  "folder; choose another with -o");
		if (!has_marker(out) && !is_empty_dir(out))
			return diag_error(d, whole,
					  "the output folder was not written "
					  "by ocopgen and is not empty; it "
					  "would be replaced whole, so "
					  "choose another with -o or empty "
					  "it first");
		char *real_out = realpath(out, NULL);
		char *real_site = realpath(site_dir, NULL);
		bool holds_site =
			real_out && real_site && is_within(real_site, real_out);
		free(real_out);
		free(real_site);
		if (holds_site)
			return diag_error(d, whole,
					  "the output folder holds the site's "
					  "content; choose another with -o");
	}
	char *parent, *base;
	split_path(out, &parent, &base);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s" SPARE, parent, base);
	if (owned_by_another(out, b.data, site_dir, whole, d) < 0 ||
	    (exists && output_fixed(parent, out, &st, whole, d) < 0)) {
		free(parent);
		free(base);
		buf_release(&b);
		return -1;
	}
	remove_stale(parent, base);
	free(parent);
	free(base);
	p->out = xstrdup(out);
	p->staging = buf_detach(&b, NULL);
	atomic_init(&p->written, 0);
	atomic_init(&p->linked, 0);
	atomic_init(&p->removed, 0);
	atomic_init(&p->failures, 0);
	atomic_init(&p->bytes_written, 0);
	atomic_init(&p->changing, UNTOUCHED);
	if (exists) {
		p->live_time = read_marker(out, &p->live);
		/* A file of the user's own in the output (a spreadsheet
		 * saved beside products.csv) would be lost: said first. */
		struct foreign f = {out, p->staging, d};
		if (p->live.n)
			for_each_stray(out, &p->live, p->live_time,
				       warn_foreign, &f);
	}
	if (open_spare(p, whole, d) < 0) {
		/* Not ours to remove. */
		free(p->staging);
		p->staging = NULL;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Files */

static void count_failure(struct publish *p, const char *path, int e)
{
	/* Only the first failing thread gets 0: it alone writes. */
	if (atomic_fetch_add(&p->failures, 1) == 0) {
		p->first_failure = xstrdup(path);
		p->first_errno = e;
	}
}

/* Links path to the output's copy of file; when the file system has no
 * hard links, copies its bytes. Returns 0, or -1 with errno. */
static int link_from_output(struct publish *p, const char *file,
			    const char *path, size_t from)
{
	char *target = path_in(p->out, file);
	int rc = fs_link_or_copy(target, path, from);
	int e = errno;
	free(target);
	errno = e;
	return rc;
}

/* Makes path, of the spare, hold the output's file (link) or data. A file
 * that the spare has but its manifest does not list is replaced. Returns
 * 0, or -1 with errno. */
static int make_file(struct publish *p, const char *file, const char *path,
		     bool link, const void *data, size_t len)
{
	size_t from = strlen(p->staging) + 1;
	int rc = link ? link_from_output(p, file, path, from)
		      : fs_write_new(path, from, data, len);
	if (rc < 0 && errno == EEXIST && unlink(path) == 0)
		rc = link ? link_from_output(p, file, path, from)
			  : fs_write_new(path, from, data, len);
	return rc;
}

/* Whether the file at path is still what entry says was published in a
 * folder whose marker was written at time (ns): a regular file (never a
 * link) of its size, not changed since, and with --verify, of its hash,
 * read again. Sets *stamp to its stamp. */
static bool still_published(const struct publish *p, const char *path,
			    const struct manifest_entry *entry, long long time,
			    struct file_stamp *stamp)
{
	long long mtime;
	if (!manifest_stamp(path, stamp, &mtime) ||
	    !stamp_equal(*stamp, entry->stamp) || !time || mtime > time)
		return false;
	if (!p->verify)
		return true;
	struct buf data = BUF_INIT;
	bool same = buf_read_file(&data, path) == 0 &&
		    hash_equal(XXH3_128bits(data.data, data.len), entry->hash);
	buf_release(&data);
	return same;
}

int publish_file(struct publish *p, const char *file, XXH128_hash_t hash,
		 const void *data, size_t len, struct file_stamp *stamp)
{
	char *path = path_in(p->staging, file);
	const struct manifest_entry *held = manifest_find(&p->held, file);
	if (held && hash_equal(held->hash, hash) &&
	    still_published(p, path, held, p->held_time, stamp)) {
		free(path);
		return 0;
	}
	/* The output's copy is linked only when it is as published: one
	 * edited in place, or made a link, is made again. */
	const struct manifest_entry *live = manifest_find(&p->live, file);
	bool in_output = false;
	if (live && hash_equal(live->hash, hash)) {
		char *there = path_in(p->out, file);
		struct file_stamp seen;
		in_output =
			still_published(p, there, live, p->live_time, &seen);
		free(there);
	}
	if (!data && !in_output) {
		free(path);
		return 1;
	}
	begin_change(p);
	/* Never written in place: the old file may also be the output's.
	 * (Anything else there, put by hand, make_file replaces.) */
	if (held)
		unlink(path);
	int rc = -1;
	if (in_output) {
		rc = make_file(p, file, path, true, NULL, 0);
		if (rc == 0)
			atomic_fetch_add(&p->linked, 1);
	}
	/* The output lacks the file (removed by hand, say): its bytes are
	 * written, or asked for. */
	if (rc < 0 && (!in_output || errno == ENOENT)) {
		if (!data) {
			free(path);
			return 1;
		}
		rc = make_file(p, file, path, false, data, len);
		if (rc == 0) {
			atomic_fetch_add(&p->written, 1);
			atomic_fetch_add(&p->bytes_written, len);
		}
	}
	if (rc < 0)
		count_failure(p, path, errno);
	else
		manifest_stamp(path, stamp, NULL);
	free(path);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Calls fn for each entry of folder root that site does not list: files
 * put there by hand, and anything that is neither a listed regular file
 * nor a folder of the site (a link above all). Only the folders changed
 * since since (ns; 0: all) are read: adding an entry to a folder changes
 * its time. */
static void for_each_stray(const char *root, const struct manifest *site,
			   long long since, stray_fn *fn, void *ctx)
{
	/* The site's folders: "" and every folder of a listed file. */
	const char **dirs = NULL;
	size_t ndirs = 0, cap = 0;
	struct arena a = ARENA_INIT;
	XGROW(dirs, ndirs, cap);
	dirs[ndirs++] = "";
	for (size_t i = 0; i < site->n; i++) {
		const char *f = site->entries[i].file;
		for (const char *slash = strchr(f, '/'); slash;
		     slash = strchr(slash + 1, '/')) {
			XGROW(dirs, ndirs, cap);
			dirs[ndirs++] =
				arena_strndup(&a, f, (size_t)(slash - f));
		}
	}
	qsort(dirs, ndirs, sizeof(*dirs), cmp_str);
	size_t n = 0;
	for (size_t i = 0; i < ndirs; i++)
		if (!n || strcmp(dirs[n - 1], dirs[i]))
			dirs[n++] = dirs[i];
	ndirs = n;
	struct buf path = BUF_INIT, rel = BUF_INIT;
	for (size_t i = 0; i < ndirs; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s%s", root, *dirs[i] ? "/" : "", dirs[i]);
		if (*dirs[i] && since && manifest_mtime(path.data) <= since)
			continue;
		DIR *d = opendir(path.data);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") ||
			    !strcmp(e->d_name, "..") ||
			    (!*dirs[i] && !strcmp(e->d_name, MARKER)))
				continue;
			buf_reset(&rel);
			buf_printf(&rel, "%s%s%s", dirs[i], *dirs[i] ? "/" : "",
				   e->d_name);
			const char *key = rel.data;
			unsigned char type = e->d_type;
			struct stat st;
			if (type == DT_UNKNOWN) {
				char *full = path_in(root, rel.data);
				type = lstat(full, &st) < 0  ? DT_UNKNOWN
				       : S_ISDIR(st.st_mode) ? DT_DIR
				       : S_ISREG(st.st_mode) ? DT_REG
							     : DT_LNK;
				free(full);
			}
			bool keep;
			if (type == DT_DIR)
				keep = bsearch(&key, dirs, ndirs, sizeof(*dirs),
					       cmp_str) != NULL;
			else
				keep = type == DT_UNKNOWN ||
				       (type == DT_REG &&
					manifest_find(site, key) != NULL);
			if (!keep)
				fn(ctx, rel.data, type);
		}
		if (d)
			closedir(d);
	}
	buf_release(&path);
	buf_release(&rel);
	free(dirs);
	arena_release(&a);
}

static void remove_stray(void *ctx, const char *rel, unsigned char type)
{
	struct publish *p = ctx;
	begin_change(p);
	char *full = path_in(p->staging, rel);
	if (type == DT_DIR ? fs_remove_tree(full, NULL) == 0
			   : unlink(full) == 0)
		atomic_fetch_add(&p->removed, 1);
	free(full);
}

/* Removes from the spare whatever the new site does not list. */
static void remove_strays(struct publish *p, const struct manifest *site)
{
	for_each_stray(p->staging, site, p->held_time, remove_stray, p);
}

static void warn_foreign(void *ctx, const char *rel, unsigned char type)
{
	struct foreign *f = ctx;
	char *full = path_in(f->out, rel);
	diag_warning(f->d, type == DT_DIR ? pos_folder(full) : pos_file(full),
		     "this is no file of the site, but one put in the output "
		     "folder, which each build replaces whole: this build "
		     "moves it into %s and the next deletes it; keep it "
		     "outside %s (a spreadsheet to import beside content/, "
		     "for example)",
		     f->spare, f->out);
	free(full);
}

static void remove_unused(struct publish *p, const struct manifest *site)
{
	struct buf path = BUF_INIT;
	size_t root = strlen(p->staging);
	for (size_t i = 0; i < p->held.n; i++) {
		const char *file = p->held.entries[i].file;
		if (manifest_find(site, file))
			continue;
		begin_change(p);
		buf_reset(&path);
		buf_printf(&path, "%s/%s", p->staging, file);
		if (unlink(path.data) == 0)
			atomic_fetch_add(&p->removed, 1);
		/* Up the tree while the folders are empty. */
		for (char *slash = strrchr(path.data, '/');
		     slash && (size_t)(slash - path.data) > root;
		     slash = strrchr(path.data, '/')) {
			*slash = '\0';
			if (rmdir(path.data) < 0)
				break;
		}
	}
	buf_release(&path);
}

/* ------------------------------------------------------------------ */
/* Swap */

/* Swaps staging and out; afterwards staging holds the previous site, the
 * spare of the next build. Returns 0, or -1 with errno (out is then as it
 * was). */
static int swap(struct publish *p)
{
	struct stat st;
	if (lstat(p->out, &st) < 0)
		return rename(p->staging, p->out);
	if (renameat2(AT_FDCWD, p->staging, AT_FDCWD, p->out,
		      RENAME_EXCHANGE) == 0)
		return 0;
	/* A file system without exchange: three renames, with the old site
	 * kept under a marked name until the new one is in place. */
	struct buf old = BUF_INIT;
	buf_printf(&old, "%s.ocopgen-old-%ld", p->out, (long)getpid());
	int rc = -1, e;
	if (rename(p->out, old.data) == 0) {
		if (rename(p->staging, p->out) == 0) {
			rc = 0;
			if (rename(old.data, p->staging) < 0)
				remove_site(old.data);
		} else {
			e = errno;
			rename(old.data, p->out);
			errno = e;
		}
	}
	e = errno;
	buf_release(&old);
	errno = e;
	return rc;
}

int publish_commit(struct publish *p, const struct manifest *site,
		   struct diag *d)
{
	struct pos whole = pos_folder(p->out);
	size_t failures = atomic_load(&p->failures);
	if (failures) {
		struct buf msg = BUF_INIT;
		buf_printf(&msg,
			   P_("cannot write the new site (%zu file)",
			      "cannot write the new site (%zu files)",
			      failures),
			   failures);
		int rc = diag_write_error(d,
					  pos_folder(p->first_failure
							     ? p->first_failure
							     : p->staging),
					  p->first_errno, "%s", msg.data);
		buf_release(&msg);
		return rc;
	}
	remove_unused(p, site);
	remove_strays(p, site);
	/* A spare left as it was, whose manifest is the new site's: its
	 * marker stands as it is. */
	if ((atomic_load(&p->changing) != UNTOUCHED ||
	     !manifest_equal(&p->held, site)) &&
	    write_marker(p->staging, site) < 0)
		return diag_write_error(d, whole, errno, "cannot write in %s",
					p->staging);
	/* Every file of the new site on the disk before it takes the
	 * output's name: a power cut just after the swap must not leave
	 * empty pages. One syncfs costs less than a fsync per file. */
	if (!p->throwaway && fs_sync_fs(p->staging) < 0)
		return diag_write_error(d, whole, errno,
					"cannot make the new site durable");
	if (swap(p) < 0) {
		int e = errno;
		if (e == EBUSY)
			return diag_write_error(
				d, whole, e,
				"cannot move the new site into place (a mount "
				"point cannot be replaced; choose a folder "
				"inside it with -o)");
		return diag_write_error(d, whole, e,
					"cannot move the new site into place");
	}
	/* The swap itself, lasting. */
	char *parent, *base;
	split_path(p->out, &parent, &base);
	if (!p->throwaway)
		fs_sync_dir(parent);
	free(parent);
	free(base);
	/* The spare is now the previous site, whole, with its manifest (or
	 * is gone, when there was no previous site): it stays. */
	free(p->staging);
	p->staging = NULL;
	return 0;
}

void publish_end(struct publish *p)
{
	if (p->staging)
		remove_site(p->staging);
	free(p->staging);
	free(p->out);
	free(p->first_failure);
	manifest_release(&p->live);
	manifest_release(&p->held);
	memset(p, 0, sizeof(*p));
}
