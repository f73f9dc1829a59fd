/* The limits of content: a size stated as people read it, in messages. */
#include "limit.h"

#include <stdio.h>

#include "i18n.h"

/* n bytes, as "512 bytes". */
static void size_bytes(unsigned long long n, char out[32])
{
	/* TRANSLATORS: a file's size in bytes. */
	snprintf(out, 32, P_("%llu byte", "%llu bytes", (unsigned long)n), n);
}

void limit_size_text(unsigned long long n, char out[32])
{
	if (n >= LIMIT_MB && n % LIMIT_MB == 0)
		/* TRANSLATORS: a file's size in megabytes (1,000,000 bytes). */
		snprintf(out, 32, _("%llu MB"), n / LIMIT_MB);
	else if (n >= LIMIT_MB)
		/* TRANSLATORS: a file's size in megabytes, with tenths, as in
		 * "12.3 MB": write the decimal separator of your language. */
		snprintf(out, 32, _("%llu.%llu MB"), n / LIMIT_MB,
			 n % LIMIT_MB / (LIMIT_MB / 10));
	else if (n >= 1000 && n % 1000 == 0)
		/* TRANSLATORS: a file's size in kilobytes (1,000 bytes). */
		snprintf(out, 32, _("%llu kB"), n / 1000);
	else if (n >= 1000)
		/* TRANSLATORS: a file's size in kilobytes, with tenths, as in
		 * "820.5 kB": write the decimal separator of your language. */
		snprintf(out, 32, _("%llu.%llu kB"), n / 1000, n % 1000 / 100);
	else
		size_bytes(n, out);
}

int limit_size_error(struct diag *d, struct pos pos, const char *name,
		     unsigned long long size, unsigned long long max,
		     const char *advice)
{
	char is[32], most[32];
	limit_size_text(size, is);
	limit_size_text(max, most);
	/* Just above the limit, whose tenths read as the limit's ("1.0 MB"
	 * for 1 MB), the bytes say it. */
	unsigned long long tenth = (size >= LIMIT_MB ? LIMIT_MB : 1000) / 10;
	if (size > max && size / tenth == max / tenth) {
		size_bytes(size, is);
		size_bytes(max, most);
	}
	if (advice)
		/* TRANSLATORS: a file too large: its name, its size, the
		 * largest size allowed, and what to do, as in "vi.md is 2.5
		 * MB; at most 1 MB: shorten the text". */
		return diag_error(d, pos, "%s is %s; at most %s: %s", name, is,
				  most, advice);
	/* TRANSLATORS: a file too large: its name, its size and the largest
	 * size allowed, as in "vi.md is 1.1 MB; at most 1 MB". */
	return diag_error(d, pos, "%s is %s; at most %s", name, is, most);
}
