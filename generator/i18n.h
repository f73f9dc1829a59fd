/*
 * i18n: the messages in the user's language, through GNU gettext. The
 * source messages are English; po/LANG.po holds a language's, which make
 * compiles beside the program (build/locale/LANG/LC_MESSAGES/ocopgen.mo).
 *
 * Only messages follow the user's locale: numbers, dates and sorting in
 * the files written stay those of the C locale, so that a site is the
 * same whoever builds it.
 */
#ifndef OCOPGEN_I18N_H
#define OCOPGEN_I18N_H

#include <libintl.h>

/* s in the user's language (a static string: not to be freed). */
#define _(s) gettext(s)
/* s as it is, marked for translation: for a message defined in one place
 * and shown, through _(), in another. */
#define N_(s) (s)
/* The singular s or the plural p, for the number n, in the user's
 * language. */
#define P_(s, p, n) ngettext(s, p, n)

/* Sets the language of messages from the environment (LANGUAGE, then
 * LC_ALL, LC_MESSAGES, LANG), also when its locale is not installed, as
 * on a minimal Debian that has only C.UTF-8; finds the catalogues beside
 * the program (a checkout's build/, or PREFIX/share/locale). Call once,
 * before any message. */
void i18n_init(void);

/* The language the messages are in, as a BCP 47 tag ("vi", "en"): for
 * the lang attribute of a page of messages. A static string. */
const char *i18n_lang(void);

#endif
