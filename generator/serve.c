/* The preview server: build, serve, watch, build again. */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "buf.h"
#include "fs.h"
#include "i18n.h"
#include "theme.h"
#include "util.h"

/* The addresses serve answers itself; no built file starts with "/__". */
#define LIVE_STATE "/__ocopgen/live"
#define LIVE_SCRIPT "/__ocopgen/live.js"
#define LIVE_ERRORS "/__ocopgen/errors"

/* Saves closer together than this are one change. */
#define QUIET_MS 150

/* What the server shows, changed by the builds: read by the server's
 * thread, written by the main one, under lock. */
struct state {
	pthread_mutex_t lock;
	char *site;	     /* the built site's folder */
	char *base;	     /* where it is served: base_url's path, "/ocop/" */
	unsigned long build; /* counts the builds, good or not */
	bool good;    /* the site holds a build (the last or an earlier) */
	bool failed;  /* the last build failed */
	char *errors; /* its errors as HTML, when it failed */
	/* Where it listens, for the Host header; set before the daemon
	 * starts answering and never changed. */
	const char *bind; /* as given: "127.0.0.1", "::1", "0.0.0.0" */
	bool any;	  /* bound to every address of the machine */
	atomic_int port;  /* 0 until the daemon has told it */
};

/* Whether the Host header of a request names this server: its bound
 * address, "localhost", "127.0.0.1" or "[::1]", with its port; on every
 * address, any address literal of it. A name that a DNS server answers
 * with 127.0.0.1 does not: a page of another site could otherwise read
 * the preview and its errors (DNS rebinding). */
static bool host_is_ours(const struct state *s, const char *host)
{
	if (!host || !*host)
		return false;
	const char *colon = host[0] == '[' ? strchr(host, ']') : host;
	if (!colon)
		return false;
	colon = strrchr(colon, ':');
	size_t nlen = colon ? (size_t)(colon - host) : strlen(host);
	if (colon) {
		char *end;
		long port = strtol(colon + 1, &end, 10);
		if (*end || end == colon + 1 || port != atomic_load(&s->port))
			return false;
	} else if (atomic_load(&s->port) != 80) {
		return false;
	}
	char name[64];
	if (nlen >= sizeof(name))
		return false;
	memcpy(name, host, nlen);
	name[nlen] = '\0';
	if (!strcasecmp(name, "localhost") || !strcmp(name, "127.0.0.1") ||
	    !strcmp(name, "[::1]"))
		return true;
	/* The address as bound, an IPv6 one in brackets. */
	char bound[64];
	snprintf(bound, sizeof(bound), strchr(s->bind, ':') ? "[%s]" : "%s",
		 s->bind);
	if (!strcasecmp(name, bound))
		return true;
	if (!s->any)
		return false;
	unsigned char addr[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, name, addr) == 1)
		return true;
	if (name[0] == '[' && name[nlen - 1] == ']') {
		name[nlen - 1] = '\0';
		return inet_pton(AF_INET6, name + 1, addr) == 1;
	}
	return false;
}

/* Adds a Location header of path, a path of this server: never "//…",
 * which a browser reads as another host. */
static void add_location(struct MHD_Response *r, const char *path)
{
	while (path[0] == '/' && path[1] == '/')
		path++;
	MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, path);
}

/* The script added to each page: it asks for the build's number every
 * half second, reloads the page when it changes, and shows the errors of
 * a failed build over the page. */
static const char live_script[] =
	"(function(){'use strict';var seen=null;\n"
	"function show(){fetch('" LIVE_ERRORS "',{cache:'no-store'})"
	".then(function(r){return r.text();}).then(function(h){"
	"var d=document.getElementById('ocopgen-errors');"
	"if(!d){d=document.createElement('div');d.id='ocopgen-errors';"
	"d.setAttribute('role','alert');document.body.appendChild(d);}"
	"d.innerHTML=h;var b=d.querySelector('button');"
	"if(b)b.onclick=function(){d.remove();};});}\n"
	"function poll(){fetch('" LIVE_STATE "',{cache:'no-store'})"
	".then(function(r){return r.json();}).then(function(s){"
	"if(seen!==null&&s.build!==seen){location.reload();return;}"
	"if(seen===null&&s.failed)show();seen=s.build;})"
	".catch(function(){}).then(function(){setTimeout(poll,500);});}\n"
	"poll();})();\n";

static const char errors_style[] =
	"<style>#ocopgen-errors{position:fixed;inset:0;z-index:2147483647;"
	"overflow:auto;background:#fff;color:#111;padding:1.5rem;"
	"font:16px/1.5 system-ui,sans-serif}"
	"#ocopgen-errors h1{font-size:1.4rem;color:#a00;margin:0 0 .5rem}"
	"#ocopgen-errors li{margin:0 0 1rem}"
	/* A long line wraps, so that its mark is in sight on a phone. */
	"#ocopgen-errors pre{background:#f4f4f4;padding:.5rem;"
	"white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0 0}"
	"#ocopgen-errors code{font-family:ui-monospace,monospace}"
	"#ocopgen-errors button{font:inherit;padding:.5rem 1rem;"
	"min-height:44px}</style>";

/* Appends the text s, a message of the program, escaped for HTML. */
static void add_text(struct buf *b, const char *s)
{
	buf_add_html(b, s, strlen(s));
}

/* The errors of a build as HTML, each with its line quoted and its
 * column marked; in the language of the messages, which the page they
 * are shown over may not be. */
static char *errors_html(struct diag *d)
{
	struct buf b = BUF_INIT, line = BUF_INIT, title = BUF_INIT;
	buf_printf(&b, "<div lang=\"%s\">", i18n_lang());
	buf_adds(&b, errors_style);
	buf_printf(
		&title,
		/* TRANSLATORS: the heading of the page of errors the preview
		 * (ocopgen serve) shows in the browser when a build failed. */
		P_("The site was not built: %zu error",
		   "The site was not built: %zu errors", d->errors),
		d->errors);
	buf_adds(&b, "<h1>");
	add_text(&b, title.data);
	buf_adds(&b, "</h1><p>");
	add_text(&b, _("The pages are those of the last build that "
		       "succeeded. Correct the files below and save: the page "
		       "reloads by itself."));
	buf_adds(&b, "</p><ol>");
	buf_release(&title);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->items[i];
		/* As on the terminal, the first DIAG_FILE_MAX of a file. */
		if (e->level != DIAG_ERROR || e->hidden)
			continue;
		buf_adds(&b, "<li><code>");
		buf_add_html(&b, e->path, strlen(e->path));
		if (e->line > 0)
			buf_printf(&b, ":%d:%d", e->line,
				   e->col > 0 ? e->col : 1);
		buf_adds(&b, "</code>: ");
		buf_add_html(&b, e->msg, strlen(e->msg));
		if (diag_source_line(e, &line)) {
			/* The line, its column's character marked. */
			const char *p = line.data;
			for (int col = 1; *p && col < e->col; col++)
				do
					p++;
				while (((unsigned char)*p & 0xc0) == 0x80);
			const char *q = p;
			if (*q)
				do
					q++;
				while (((unsigned char)*q & 0xc0) == 0x80);
			buf_adds(&b, "<pre><code>");
			buf_add_html(&b, line.data, (size_t)(p - line.data));
			buf_adds(&b, "<mark>");
			buf_add_html(&b, p, (size_t)(q - p));
			buf_adds(&b, "</mark>");
			buf_add_html(&b, q, strlen(q));
			buf_adds(&b, "</code></pre>");
		}
		buf_adds(&b, "</li>");
	}
	buf_adds(&b, "</ol><button type=\"button\">");
	/* TRANSLATORS: the button that closes the errors shown over a page
	 * of the preview, to see the pages of the last build that
	 * succeeded. */
	add_text(&b, _("Show the last good pages"));
	buf_adds(&b, "</button></div>");
	buf_release(&line);
	return buf_detach(&b, NULL);
}

/* ------------------------------------------------------------------ */
/* Answers */

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".json", "application/json"},
	{".xml", "application/xml"},
	{".txt", "text/plain; charset=utf-8"},
	{".csv", "text/csv; charset=utf-8"},
	{".vcf", "text/vcard; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".webp", "image/webp"},
	{".jpg", "image/jpeg"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".webmanifest", "application/manifest+json"},
	{".pdf", "application/pdf"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < ARRAY_SIZE(types); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status,
			      struct MHD_Response *r, const char *type)
{
	if (!r)
		return MHD_NO;
	if (type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Answers with bytes that MHD frees. */
static enum MHD_Result answer_bytes(struct MHD_Connection *c, unsigned status,
				    char *data, size_t len, const char *type)
{
	return answer(c, status,
		      MHD_create_response_from_buffer(len, data,
						      MHD_RESPMEM_MUST_FREE),
		      type);
}

static enum MHD_Result answer_text(struct MHD_Connection *c, unsigned status,
				   const char *text, const char *type)
{
	return answer_bytes(c, status, xstrdup(text), strlen(text), type);
}

/* A page, with the live script before its </body> (or at its end). */
static enum MHD_Result answer_page(struct MHD_Connection *c, unsigned status,
				   struct buf *page)
{
	static const char tag[] = "<script src=\"" LIVE_SCRIPT "\"></script>";
	const char *end = NULL;
	for (const char *p = page->data;
	     p && (p = strstr(p, "</body>")) != NULL; p++)
		end = p;
	size_t at = end ? (size_t)(end - page->data) : page->len;
	struct buf out = BUF_INIT;
	buf_add(&out, page->data, at);
	buf_adds(&out, tag);
	buf_add(&out, page->data + at, page->len - at);
	size_t len = out.len;
	return answer_bytes(c, status, buf_detach(&out, NULL), len,
			    type_of(".html"));
}

/* The site's file for a request's path, in out: the path with
 * index.html for a folder. Returns false for a path that could leave the
 * site folder or names a hidden file (the folder's marker). */
static bool site_file(const char *site, const char *url, struct buf *out)
{
	if (url[0] != '/' || strchr(url, '\\'))
		return false;
	for (const char *p = url; *p; p++) {
		if (p[0] != '/')
			continue;
		/* No segment "..", "." or hidden: none is in a built site. */
		if (p[1] == '.')
			return false;
	}
	buf_reset(out);
	buf_printf(out, "%s%s", site, url);
	if (url[strlen(url) - 1] == '/')
		buf_adds(out, "index.html");
	return true;
}

static enum MHD_Result not_found(struct MHD_Connection *c, const char *site)
{
	struct buf page = BUF_INIT, path = BUF_INIT;
	buf_printf(&path, "%s/404.html", site);
	enum MHD_Result ret;
	if (buf_read_file(&page, path.data) == 0)
		ret = answer_page(c, MHD_HTTP_NOT_FOUND, &page);
	else
		/* TRANSLATORS: the answer of the preview to an address
		 * that is not in the site, when the site has no 404 page. */
		ret = answer_text(c, MHD_HTTP_NOT_FOUND, _("Not found\n"),
				  type_of(".txt"));
	buf_release(&page);
	buf_release(&path);
	return ret;
}

/* A file of the site, at path_in_site ("/vi/") of the request's url: a
 * page with the live script, any other as it is. */
static enum MHD_Result serve_file(struct MHD_Connection *c, const char *site,
				  const char *path_in_site, const char *url)
{
	struct buf path = BUF_INIT;
	enum MHD_Result ret;
	if (!site_file(site, path_in_site, &path)) {
		/* TRANSLATORS: the answer of the preview to an address
		 * it refuses (a hidden file, a path that leaves the
		 * site). */
		ret = answer_text(c, MHD_HTTP_FORBIDDEN, _("Forbidden\n"),
				  type_of(".txt"));
		goto done;
	}
	int fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		ret = not_found(c, site);
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		/* "vi/products" is "vi/products/": its links are relative. */
		close(fd);
		struct buf to = BUF_INIT;
		buf_printf(&to, "%s/", url);
		struct MHD_Response *r = MHD_create_response_from_buffer(
			0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r)
			add_location(r, to.data);
		ret = answer(c, MHD_HTTP_MOVED_PERMANENTLY, r, NULL);
		buf_release(&to);
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		ret = not_found(c, site);
		goto done;
	}
	const char *type = type_of(path.data);
	if (!strcmp(type, type_of(".html"))) {
		struct buf page = BUF_INIT;
		close(fd);
		if (buf_read_file(&page, path.data) < 0)
			ret = not_found(c, site);
		else
			ret = answer_page(c, MHD_HTTP_OK, &page);
		buf_release(&page);
		goto done;
	}
	/* MHD closes fd. */
	ret = answer(c, MHD_HTTP_OK,
		     MHD_create_response_from_fd((size_t)st.st_size, fd), type);
done:
	buf_release(&path);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con)
{
	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con;
	struct state *s = cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		struct MHD_Response *r = MHD_create_response_from_buffer(
			0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
						"GET, HEAD");
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, NULL);
	}
	if (!host_is_ours(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_HOST)))
		return answer_text(c, MHD_HTTP_MISDIRECTED_REQUEST,
				   _("This preview answers only requests for "
				     "its own address, such as "
				     "http://127.0.0.1:PORT/\n"),
				   type_of(".txt"));
	if (!strcmp(url, LIVE_SCRIPT))
		return answer_text(c, MHD_HTTP_OK, live_script, type_of(".js"));
	pthread_mutex_lock(&s->lock);
	char state[96];
	snprintf(state, sizeof(state), "{\"build\":%lu,\"failed\":%s}\n",
		 s->build, s->failed ? "true" : "false");
	char *errors = s->failed ? xstrdup(s->errors) : NULL;
	bool good = s->good;
	char *site = xstrdup(s->site);
	char *base = xstrdup(s->base ? s->base : "/");
	pthread_mutex_unlock(&s->lock);
	/* The site is served where base_url puts it, so that the links of
	 * its 404 page, which start from there, lead somewhere. */
	size_t blen = strlen(base) - 1; /* without its last slash */
	const char *path = NULL;
	if (!strncmp(url, base, blen) && (url[blen] == '/' || !url[blen]))
		path = url[blen] ? url + blen : "/";
	enum MHD_Result ret;
	if (!strcmp(url, LIVE_STATE)) {
		ret = answer_text(c, MHD_HTTP_OK, state, type_of(".json"));
	} else if (!strcmp(url, LIVE_ERRORS)) {
		ret = answer_text(c, MHD_HTTP_OK, errors ? errors : "",
				  type_of(".html"));
	} else if (!path && !strcmp(url, "/")) {
		struct MHD_Response *r = MHD_create_response_from_buffer(
			0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r)
			add_location(r, base);
		ret = answer(c, MHD_HTTP_FOUND, r, NULL);
	} else if (!good) {
		/* No site yet: the errors are the page. */
		struct buf page = BUF_INIT;
		buf_printf(&page,
			   "<!DOCTYPE html><html lang=\"%s\"><head><meta "
			   "charset=\"utf-8\"><title>",
			   i18n_lang());
		/* TRANSLATORS: the title of the preview's page of errors,
		 * shown while no build has succeeded. */
		add_text(&page, _("ocopgen: errors"));
		buf_adds(&page, "</title></head><body><div "
				"id=\"ocopgen-errors\" role=\"alert\">");
		if (errors)
			buf_adds(&page, errors);
		else
			/* TRANSLATORS: shown in the browser by the preview
			 * while its first build runs. */
			add_text(&page, _("Building…"));
		buf_adds(&page, "</div></body></html>");
		ret = answer_page(c, MHD_HTTP_SERVICE_UNAVAILABLE, &page);
		buf_release(&page);
	} else if (!path) {
		ret = not_found(c, site);
	} else {
		ret = serve_file(c, site, path, url);
	}
	free(errors);
	free(site);
	free(base);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Watches */

struct watches {
	int fd;
	size_t n;
};

/* Watches dir and every folder below it (not the hidden ones). */
static void watch_tree(struct watches *w, const char *dir)
{
	uint32_t mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
			IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR;
	if (inotify_add_watch(w->fd, dir, mask) < 0)
		return;
	w->n++;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	struct buf sub = BUF_INIT;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&sub);
		buf_printf(&sub, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(sub.data, &st) == 0 && S_ISDIR(st.st_mode))
			watch_tree(w, sub.data);
	}
	buf_release(&sub);
	closedir(d);
}

/* The folders watched: content/, the site's themes/ and i18n/ (those that
 * exist), and the installed themes. */
static void watch_site(struct watches *w, const char *dir)
{
	static const char *const own[] = {"content", "themes", "i18n"};
	struct buf path = BUF_INIT;
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, own[i]);
		struct stat st;
		if (stat(path.data, &st) == 0 && S_ISDIR(st.st_mode))
			watch_tree(w, path.data);
	}
	buf_release(&path);
	char *theme = theme_installed("default");
	if (theme) {
		*strrchr(theme, '/') = '\0';
		watch_tree(w, theme);
	}
	free(theme);
}

/* Reads the events waiting on the watches. Returns true when one of them
 * asks for a build; a folder made or moved in is watched too. */
static bool read_events(struct watches *w, const char *dir)
{
	char events[16384]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false, rewatch = false;
	ssize_t n;
	while ((n = read(w->fd, events, sizeof(events))) > 0) {
		for (char *p = events; p < events + n;) {
			const struct inotify_event *e = (const void *)p;
			p += sizeof(*e) + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				changed = rewatch = true;
				continue;
			}
			if (e->len && e->name[0] == '.')
				continue; /* an editor's swap file */
			if (e->mask & IN_IGNORED)
				continue;
			changed = true;
			if (e->mask & IN_ISDIR &&
			    e->mask & (IN_CREATE | IN_MOVED_TO))
				rewatch = true;
		}
	}
	if (rewatch)
		watch_site(w, dir); /* watching twice is harmless */
	return changed;
}

/* ------------------------------------------------------------------ */
/* The loop */

/* Builds into the state's site folder and publishes the outcome. */
static void build(const struct serve_opts *o, struct state *s)
{
	struct build_opts bo = o->build;
	bo.throwaway = true;
	bo.out = s->site;
	bo.check = false;
	bo.quote = true;
	bo.program = NULL; /* the preview is what it would suggest */
	char *base = NULL;
	bo.base_path = &base;
	struct diag d;
	diag_init(&d);
	int status = build_run(&bo, &d);
	char *errors = status == EXIT_OK ? NULL : errors_html(&d);
	diag_release(&d);
	pthread_mutex_lock(&s->lock);
	s->build++;
	s->failed = status != EXIT_OK;
	s->good |= status == EXIT_OK;
	free(s->errors);
	s->errors = errors;
	if (base) {
		free(s->base);
		s->base = base;
	}
	pthread_mutex_unlock(&s->lock);
}

/* The address to listen on, with port, in out. Returns its length, or 0
 * when addr is not a numeric IPv4 or IPv6 address. */
static socklen_t listen_address(const char *addr, int port,
				struct sockaddr_storage *out)
{
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST,
				 .ai_socktype = SOCK_STREAM},
			*res;
	if (getaddrinfo(addr, NULL, &hints, &res) != 0)
		return 0;
	socklen_t len = res->ai_addrlen;
	memcpy(out, res->ai_addr, len);
	freeaddrinfo(res);
	if (out->ss_family == AF_INET)
		((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
	else if (out->ss_family == AF_INET6)
		((struct sockaddr_in6 *)out)->sin6_port = htons((uint16_t)port);
	else
		return 0;
	return len;
}

static bool is_loopback(const struct sockaddr_storage *a)
{
	if (a->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)a)
				      ->sin_addr.s_addr) >>
			24) == 127;
	return a->ss_family == AF_INET6 &&
	       IN6_IS_ADDR_LOOPBACK(
		       &((const struct sockaddr_in6 *)a)->sin6_addr);
}

int serve_run(const struct serve_opts *o)
{
	struct sockaddr_storage addr;
	if (!listen_address(o->bind, o->port, &addr)) {
		fprintf(stderr,
			_("ocopgen: cannot listen on \"%s\": give a numeric "
			  "address, such as 127.0.0.1 or ::1\n"),
			o->bind);
		return EXIT_USAGE;
	}
	if (!is_loopback(&addr))
		fprintf(stderr,
			_("ocopgen: warning: listening on %s: anyone who can "
			  "reach this machine on that network can see the "
			  "preview, errors included\n"),
			o->bind);

	/* SIGINT and SIGTERM are read from a file descriptor, by the main
	 * loop alone: the threads made after this inherit the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	int sfd = signalfd(-1, &stop, SFD_CLOEXEC);

	const char *tmp = getenv("TMPDIR");
	struct buf top = BUF_INIT;
	buf_printf(&top, "%s/ocopgen-serve.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (sfd < 0 || !mkdtemp(top.data)) {
		fprintf(stderr,
			_("ocopgen: cannot make a temporary folder %s: %s\n"),
			top.data, strerror(errno));
		buf_release(&top);
		return EXIT_OUTPUT;
	}
	struct state s = {0};
	pthread_mutex_init(&s.lock, NULL);
	struct buf site = BUF_INIT;
	buf_printf(&site, "%s/site", top.data);
	s.site = site.data;

	int status = EXIT_OK;
	struct watches w = {.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
	if (w.fd < 0) {
		fprintf(stderr, _("ocopgen: cannot watch the files: %s\n"),
			strerror(errno));
		status = EXIT_OUTPUT;
		goto out;
	}
	watch_site(&w, o->build.dir);
	build(o, &s);

	s.bind = o->bind;
	s.any = !strcmp(o->bind, "0.0.0.0") || !strcmp(o->bind, "::");
	atomic_store(&s.port, o->port);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *daemon = MHD_start_daemon(
		flags, (uint16_t)o->port, NULL, NULL, on_request, &s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
	if (!daemon) {
		/* TRANSLATORS: the address, the port, and the reason. */
		fprintf(stderr, _("ocopgen: cannot listen on %s port %d: %s\n"),
			o->bind, o->port, strerror(errno));
		status = EXIT_USAGE;
		goto out;
	}
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	int port = info ? info->port : o->port;
	atomic_store(&s.port, port);
	const char *base = s.base ? s.base : "/";
	struct buf url = BUF_INIT;
	buf_printf(&url,
		   addr.ss_family == AF_INET6 ? "http://[%s]:%d%s"
					      : "http://%s:%d%s",
		   o->bind, port, base);
	fprintf(stderr,
		/* TRANSLATORS: the address of the preview, such as
		 * http://127.0.0.1:8000/. */
		_("ocopgen: serving %s (a preview, rebuilt on each change; "
		  "Ctrl-C to stop)\n"),
		url.data);
	buf_release(&url);

	struct pollfd fds[2] = {{.fd = sfd, .events = POLLIN},
				{.fd = w.fd, .events = POLLIN}};
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents)
			break;
		if (!read_events(&w, o->build.dir))
			continue;
		/* Several saves close together: one build. */
		while (poll(&fds[1], 1, QUIET_MS) > 0)
			read_events(&w, o->build.dir);
		fprintf(stderr, _("ocopgen: files changed; building again\n"));
		build(o, &s);
	}
	fprintf(stderr, _("ocopgen: stopped\n"));
	MHD_stop_daemon(daemon);
out:
	if (w.fd >= 0)
		close(w.fd);
	close(sfd);
	/* The output and its spare, then the folder. */
	fs_remove_tree(top.data, NULL);
	pthread_mutex_destroy(&s.lock);
	free(s.errors);
	free(s.base);
	buf_release(&site);
	buf_release(&top);
	return status;
}
