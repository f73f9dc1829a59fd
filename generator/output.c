/* The site's files, written below one folder; failures counted. */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "util.h"

void output_init(struct output *o, const char *dir)
{
	memset(o, 0, sizeof(*o));
	o->dir = dir;
	atomic_init(&o->failures, 0);
}

void output_write(struct output *o, const char *file, const void *data,
		  size_t len)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", o->dir, file);
	if (fs_write_new(path.data, strlen(o->dir) + 1, data, len) < 0) {
		int e = errno;
		/* Only the first failing thread gets 0: it alone writes. */
		if (atomic_fetch_add(&o->failures, 1) == 0) {
			o->first_failure = xstrdup(path.data);
			o->first_errno = e;
		}
	}
	buf_release(&path);
}

size_t output_finish(struct output *o, struct diag *d)
{
	size_t failures = atomic_load(&o->failures);
	if (failures)
		diag_write_error(d,
				 pos_folder(o->first_failure ? o->first_failure
							     : o->dir),
				 o->first_errno,
				 "cannot write the new site (%zu file%s)",
				 failures, failures == 1 ? "" : "s");
	free(o->first_failure);
	memset(o, 0, sizeof(*o));
	return failures;
}
