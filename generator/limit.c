/* The limits of content: a size stated as people read it, in messages. */
#include "limit.h"

#include <stdio.h>

void limit_size_text(unsigned long long n, char out[32])
{
	if (n >= LIMIT_MB && n % LIMIT_MB == 0)
		snprintf(out, 32, "%llu MB", n / LIMIT_MB);
	else if (n >= LIMIT_MB)
		snprintf(out, 32, "%llu.%llu MB", n / LIMIT_MB,
			 n % LIMIT_MB / (LIMIT_MB / 10));
	else if (n >= 1000 && n % 1000 == 0)
		snprintf(out, 32, "%llu kB", n / 1000);
	else if (n >= 1000)
		snprintf(out, 32, "%llu.%llu kB", n / 1000, n % 1000 / 100);
	else
		snprintf(out, 32, "%llu bytes", n);
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
		snprintf(is, sizeof(is), "%llu bytes", size);
		snprintf(most, sizeof(most), "%llu bytes", max);
	}
	return diag_error(d, pos, "%s is %s; at most %s%s%s", name, is, most,
			  advice ? ": " : "", advice ? advice : "");
}
