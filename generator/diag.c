/* Diagnostics: collected from every stage, printed sorted, once. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "util.h"

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
}

void diag_release(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].path);
		free(d->items[i].msg);
		free(d->items[i].lang);
	}
	free(d->items);
	pthread_mutex_destroy(&d->lock);
	memset(d, 0, sizeof(*d));
}

/* How the character at s reaches the terminal: 0 as it is, or the
 * length of its escape, "\x1b" (a C0 character or DEL; a tab is kept
 * when tab is true) or "\u009b" (a C1 character). */
static size_t escape_len(const char *s, bool tab)
{
	unsigned char c = (unsigned char)s[0];
	if ((c < 0x20 && !(tab && c == '\t')) || c == 0x7f)
		return 4;
	if (c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
	    (unsigned char)s[1] <= 0x9f)
		return 6;
	return 0;
}

/* Appends s with each control character shown as an escape ("\x1b",
 * "\u009b") rather than sent to the terminal, where it could retitle
 * the window or overwrite earlier lines; a tab stays when tab is true. */
static void add_visible(struct buf *out, const char *s, bool tab)
{
	for (; *s; s++) {
		size_t n = escape_len(s, tab);
		if (n == 4)
			buf_printf(out, "\\x%02x", (unsigned char)*s);
		else if (n == 6)
			buf_printf(out, "\\u%04x", (unsigned char)*++s);
		else
			buf_addc(out, *s);
	}
}

/* Adds an entry of the message fmt, which is the user's language already
 * when translated is true, and else is put in it. */
static __attribute__((format(printf, 6, 0))) void
diag_add(struct diag *d, enum diag_level level, struct pos pos,
	 const char *lang, bool translated, const char *fmt, va_list ap)
{
	struct buf raw = BUF_INIT, msg = BUF_INIT, path = BUF_INIT;
	buf_vprintf(&raw, translated ? fmt : _(fmt), ap);
	add_visible(&msg, raw.data, false);
	add_visible(&path, pos.path ? pos.path : "", false);
	buf_release(&raw);
	pthread_mutex_lock(&d->lock);
	XGROW(d->items, d->n, d->cap);
	struct diag_entry *e = &d->items[d->n++];
	e->level = level;
	e->path = buf_detach(&path, NULL);
	e->line = pos.line;
	e->col = pos.col;
	e->cell = pos.cell;
	e->msg = buf_detach(&msg, NULL);
	e->lang = lang ? xstrdup(lang) : NULL;
	pthread_mutex_unlock(&d->lock);
}

void diag_report(struct diag *d, enum diag_level level, struct pos pos,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, level, pos, NULL, false, fmt, ap);
	va_end(ap);
}

int diag_error(struct diag *d, struct pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, DIAG_ERROR, pos, NULL, false, fmt, ap);
	va_end(ap);
	return -1;
}

/* An entry of a message in the user's language already. */
static __attribute__((format(printf, 5, 6))) void
diag_add_translated(struct diag *d, enum diag_level level, struct pos pos,
		    const char *lang, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, level, pos, lang, true, fmt, ap);
	va_end(ap);
}

/* An error whose message ends with ": " and strerror(errnum). */
static __attribute__((format(printf, 4, 0))) void
diag_add_errno(struct diag *d, struct pos pos, int errnum, const char *fmt,
	       va_list ap)
{
	struct buf msg = BUF_INIT;
	buf_vprintf(&msg, _(fmt), ap);
	if (errnum)
		buf_printf(&msg, ": %s", strerror(errnum));
	diag_add_translated(d, DIAG_ERROR, pos, NULL, "%s", msg.data);
	buf_release(&msg);
}

int diag_error_errno(struct diag *d, struct pos pos, int errnum,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add_errno(d, pos, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

int diag_write_error(struct diag *d, struct pos pos, int errnum,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add_errno(d, pos, errnum, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&d->lock);
	d->write_errors++;
	pthread_mutex_unlock(&d->lock);
	return -1;
}

void diag_warning(struct diag *d, struct pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, pos, NULL, false, fmt, ap);
	va_end(ap);
}

static __attribute__((format(printf, 4, 5))) void
diag_add_lang(struct diag *d, struct pos pos, const char *lang, const char *fmt,
	      ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, pos, lang, false, fmt, ap);
	va_end(ap);
}

void diag_missing_translation(struct diag *d, struct pos pos, const char *lang,
			      const char *what, const char *shown)
{
	if (shown)
		diag_add_lang(d, pos, lang,
			      "missing %s translation of %s; %s is shown "
			      "instead, marked as such",
			      lang, what, shown);
	else
		diag_add_lang(d, pos, lang,
			      "missing %s translation of %s; the default "
			      "language is shown instead",
			      lang, what);
}

void diag_empty_translation(struct diag *d, struct pos pos, const char *lang,
			    const char *file)
{
	diag_add_lang(d, pos, lang,
		      "%s is empty, so the %s translation is missing; the "
		      "default language is shown instead: write the "
		      "translation, or delete the file",
		      file, lang);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct diag_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return strcmp(x->msg, y->msg);
}

static int entry_same(const struct diag_entry *x, const struct diag_entry *y)
{
	return entry_cmp(x, y) == 0;
}

static const char *level_name(enum diag_level l)
{
	switch (l) {
	case DIAG_ERROR:
		/* TRANSLATORS: the word before an error's message, as in
		 * "products.xlsx:3:D: error: ...". */
		return _("error");
	case DIAG_WARNING:
		return _("warning");
	default:
		return _("note");
	}
}

void diag_column_letters(size_t i, char out[8])
{
	char rev[8];
	size_t n = 0;
	i++;
	while (i && n < 7) {
		rev[n++] = (char)('A' + (i - 1) % 26);
		i = (i - 1) / 26;
	}
	for (size_t k = 0; k < n; k++)
		out[k] = rev[n - 1 - k];
	out[n] = '\0';
}

bool diag_source_line(const struct diag_entry *e, struct buf *out)
{
	if (e->cell) {
		buf_reset(out);
		return false;
	}
	buf_reset(out);
	if (e->line <= 0)
		return false;
	FILE *f = fopen(e->path, "r");
	if (!f)
		return false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = 0;
	for (int n = 0; n < e->line; n++)
		if ((len = getline(&line, &cap, f)) < 0)
			break;
	fclose(f);
	if (len < 0) {
		free(line);
		return false;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	size_t keep = (size_t)len;
	if (keep > DIAG_QUOTE_MAX) {
		keep = DIAG_QUOTE_MAX;
		/* Not inside a UTF-8 sequence. */
		while (keep > 0 && ((unsigned char)line[keep] & 0xc0) == 0x80)
			keep--;
	}
	buf_add(out, line, keep);
	if (keep < (size_t)len)
		buf_adds(out, "…");
	free(line);
	return true;
}

/* The line an error is about, and a caret under its column (counted in
 * characters; a tab stays a tab, so that the caret lines up). */
static void print_quote(FILE *f, const struct diag_entry *e)
{
	struct buf line = BUF_INIT, shown = BUF_INIT;
	if (diag_source_line(e, &line)) {
		add_visible(&shown, line.data, true);
		fprintf(f, " %s\n ", shown.data);
		int col = 1;
		for (const char *p = line.data; *p && col < e->col; p++) {
			if (((unsigned char)*p & 0xc0) == 0x80)
				continue;
			/* As wide as add_visible shows it. */
			size_t w = escape_len(p, true);
			if (!w)
				w = 1;
			for (size_t k = 0; k < w; k++)
				fputc(*p == '\t' ? '\t' : ' ', f);
			col++;
		}
		fputs("^\n", f);
	}
	buf_release(&line);
	buf_release(&shown);
}

/* Prints the note of the entries of one file that were not printed. */
static void print_hidden(FILE *f, const char *path, size_t errors,
			 size_t warnings)
{
	if (errors) {
		fprintf(f, "%s: %s: ", path, level_name(DIAG_NOTE));
		fprintf(f,
			P_("%zu more error in this file not shown\n",
			   "%zu more errors in this file not shown\n", errors),
			errors);
	}
	if (warnings) {
		fprintf(f, "%s: %s: ", path, level_name(DIAG_NOTE));
		fprintf(f,
			P_("%zu more warning in this file not shown\n",
			   "%zu more warnings in this file not shown\n",
			   warnings),
			warnings);
	}
}

size_t diag_print(struct diag *d, FILE *f, int flags)
{
	int quiet = flags & DIAG_QUIET;
	pthread_mutex_lock(&d->lock);
	if (d->n)
		qsort(d->items, d->n, sizeof(*d->items), entry_cmp);
	size_t out = 0;
	d->errors = d->warnings = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct diag_entry *e = &d->items[i];
		if (out && entry_same(&d->items[out - 1], e)) {
			free(e->path);
			free(e->msg);
			free(e->lang);
			continue;
		}
		d->items[out++] = *e;
	}
	d->n = out;
	/* Of the current file: entries of each level, and those hidden. */
	size_t in_file[DIAG_ERROR + 1] = {0};
	size_t hidden_errors = 0, hidden_warnings = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct diag_entry *e = &d->items[i];
		if (i && strcmp(e->path, d->items[i - 1].path)) {
			print_hidden(f, d->items[i - 1].path, hidden_errors,
				     hidden_warnings);
			memset(in_file, 0, sizeof(in_file));
			hidden_errors = hidden_warnings = 0;
		}
		if (e->level == DIAG_ERROR)
			d->errors++;
		else if (e->level == DIAG_WARNING)
			d->warnings++;
		e->hidden = ++in_file[e->level] > DIAG_FILE_MAX;
		if (quiet && e->level != DIAG_ERROR)
			continue;
		if (e->hidden) {
			if (e->level == DIAG_ERROR)
				hidden_errors++;
			else if (e->level == DIAG_WARNING)
				hidden_warnings++;
			continue;
		}
		if (e->line > 0 && e->cell) {
			char col[8];
			diag_column_letters(e->col > 0 ? e->col - 1 : 0, col);
			fprintf(f, "%s:%d:%s: %s: %s\n", e->path, e->line, col,
				level_name(e->level), e->msg);
		} else if (e->line > 0) {
			fprintf(f, "%s:%d:%d: %s: %s\n", e->path, e->line,
				e->col > 0 ? e->col : 1, level_name(e->level),
				e->msg);
			if ((flags & DIAG_QUOTE) && e->level == DIAG_ERROR)
				print_quote(f, e);
		} else
			fprintf(f, "%s: %s: %s\n", e->path,
				level_name(e->level), e->msg);
	}
	if (d->n)
		print_hidden(f, d->items[d->n - 1].path, hidden_errors,
			     hidden_warnings);
	size_t errors = d->errors;
	pthread_mutex_unlock(&d->lock);
	return errors;
}

size_t diag_missing_count(const struct diag *d, const char *lang)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].lang && !strcmp(d->items[i].lang, lang))
			n++;
	return n;
}

size_t diag_error_count(struct diag *d)
{
	size_t n = 0;
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR)
			n++;
	pthread_mutex_unlock(&d->lock);
	return n;
}

size_t diag_write_error_count(struct diag *d)
{
	pthread_mutex_lock(&d->lock);
	size_t n = d->write_errors;
	pthread_mutex_unlock(&d->lock);
	return n;
}
