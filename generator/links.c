/* Relative links, written in one place for the web and kiosk flavours. */
#include "links.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void link_relative(struct buf *out, int depth, const char *site_path,
		   bool kiosk)
{
	/* A query or fragment follows the path: "search/?q=x" is the folder
	 * "search/" in kiosk mode too. */
	size_t path_len = strcspn(site_path, "?#");
	const char *suffix = site_path + path_len;
	for (int i = 0; i < depth; i++)
		buf_adds(out, "../");
	/* At the root, "a:b/" would read as a URL with the scheme "a:". */
	size_t first = strcspn(site_path, "/?#");
	if (depth == 0 && memchr(site_path, ':', first))
		buf_adds(out, "./");
	buf_add(out, site_path, path_len);
	bool folder = path_len == 0 || site_path[path_len - 1] == '/';
	if (kiosk && folder)
		buf_adds(out, "index.html");
	else if (path_len == 0 && depth == 0)
		buf_adds(out, "./");
	buf_adds(out, suffix);
}

int link_depth(const char *site_path)
{
	int depth = 0;
	for (const char *p = site_path; *p; p++)
		if (*p == '/')
			depth++;
	return depth;
}

bool link_url_is_safe(const char *url)
{
	/* Browsers skip leading spaces and controls, and drop tabs and
	 * newlines anywhere in the scheme: "java\tscript:" is javascript:. */
	char scheme[16];
	size_t n = 0;
	const char *p = url;
	while (*p && (unsigned char)*p <= ' ')
		p++;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (c == '/' || c == '?' || c == '#')
			return true; /* no scheme: a relative reference */
		if (!isalnum(c) && c != '+' && c != '-' && c != '.')
			return true;
		if (n + 1 >= sizeof(scheme))
			return false;
		scheme[n++] = (char)tolower(c);
	}
	if (!*p)
		return true;
	scheme[n] = '\0';
	return !strcmp(scheme, "http") || !strcmp(scheme, "https") ||
	       !strcmp(scheme, "mailto") || !strcmp(scheme, "tel");
}
