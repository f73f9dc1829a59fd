/* Messages in the user's language (i18n.h). */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"

#define DOMAIN "ocopgen"

/* The first of LC_ALL, LC_MESSAGES and LANG that is set and not empty,
 * as setlocale reads them; NULL when none is. */
static const char *wanted_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

/* The folder of the catalogues: locale/ beside the program (build/ in a
 * checkout, for build/ocopgen and build/test/ocopgen alike), or
 * PREFIX/share/locale when it is installed in PREFIX/bin. Owned by the
 * caller; NULL when none is there. */
static char *catalogues(void)
{
	static const char *const rel[] = {"locale", "../locale",
					  "../share/locale"};
	return fs_beside_program(rel, sizeof(rel) / sizeof(rel[0]));
}

void i18n_init(void)
{
	if (!setlocale(LC_MESSAGES, "")) {
		/* The locale asked for is not installed: its messages
		 * are still there for gettext, which reads LANGUAGE in any
		 * locale but "C". */
		const char *want = wanted_locale();
		if (setlocale(LC_MESSAGES, "C.UTF-8") && want &&
		    strcmp(want, "C") && strcmp(want, "POSIX") &&
		    !getenv("LANGUAGE")) {
			char lang[64];
			snprintf(lang, sizeof(lang), "%s", want);
			lang[strcspn(lang, ".@")] = '\0';
			setenv("LANGUAGE", lang, 1);
		}
	}
	char *dir = catalogues();
	if (dir)
		bindtextdomain(DOMAIN, dir);
	free(dir);
	/* The messages, and the system's (strerror), in UTF-8 whatever the
	 * locale's character set. */
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	bind_textdomain_codeset("libc", "UTF-8");
	textdomain(DOMAIN);
}

const char *i18n_lang(void)
{
	/* TRANSLATORS: the BCP 47 tag of the language of this
	 * translation ("vi"). */
	return _("en");
}
