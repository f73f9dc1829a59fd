# ocopgen: a static site generator for OCOP product catalogues.
#
#   make                 build build/ocopgen and the bundled site in public/
#   make test            every test, with the sanitizers on
#   make fuzz            each fuzz harness for FUZZ_SECONDS (60) seconds
#   make golden-update   rewrite tests/golden/*/exact/ from the current output, after a deliberate change
#   make catalogue-pdf   build/catalogue-<lang>.pdf: the printable catalogue
#   make kiosk           build/kiosk/ and build/ocopgen-kiosk.zip: the copy
#                        for a touchscreen at a fair, opened from file://
#                        (SITE=DIR: of the catalogue in DIR)
#   make bench           timings and memory, printed (never a test)
#   make install         PREFIX=/usr/local DESTDIR=
#   make clean

.DEFAULT_GOAL := all

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/ocopgen
MANDIR = $(PREFIX)/share/man/man1

VERSION = 0.1.0
CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
DEFS = -D_GNU_SOURCE -DOCOPGEN_VERSION='"$(VERSION)"' \
	-DOCOPGEN_DATADIR='"$(DATADIR)"'

# The libraries' flags (PKG_CFLAGS, PKG_LIBS) are in build/config.mk, which
# scripts/deps writes from scripts/libraries once it has checked, and as
# root installed, the libraries. Make remakes an included makefile before
# anything else and then starts again with it read, so no compile can run
# with flags asked of pkg-config before the packages were there (on a fresh
# machine such flags come back empty, and every compile then fails). Goals
# that compile nothing do without it.
CONFIG = build/config.mk
NO_CONFIG_GOALS = clean deps
ifneq ($(filter-out $(NO_CONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(CONFIG)
endif
$(CONFIG): scripts/libraries
	@scripts/deps config $@

# CPPFLAGS, CFLAGS and LDFLAGS are the packager's (for example Debian's
# build flags, with their hardening), and come after ours so that theirs
# win.
ALL_CPPFLAGS = $(DEFS) $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -MMD -MP
LIBS = $(PKG_LIBS) -lpthread -lm

# The test build: warnings are errors, the sanitizers are on.
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TEST_CFLAGS = -std=c11 $(WARN) -Werror -O1 -g $(SAN) -MMD -MP

SRCS = $(sort $(wildcard generator/*.c))
LIB_SRCS = $(filter-out generator/main.c,$(SRCS))
OBJS = $(SRCS:generator/%.c=build/obj/%.o)
TEST_OBJS = $(SRCS:generator/%.c=build/test/obj/%.o)
TEST_LIB_OBJS = $(LIB_SRCS:generator/%.c=build/test/obj/%.o)
POS = $(sort $(wildcard po/*.po))
MOS = $(POS:po/%.po=build/locale/%/LC_MESSAGES/ocopgen.mo)
# The messages of the code: those of _(), N_() and P_() (i18n.h), and the
# formats that the diagnostics (diag.h) and usage errors translate.
XGETTEXT_FLAGS = --from-code=UTF-8 --package-name=ocopgen \
	--add-comments=TRANSLATORS: --no-wrap --sort-by-file \
	-k_ -kN_ -kP_:1,2 -kdiag_error:3 -kdiag_warning:3 -kdiag_report:4 \
	-kdiag_error_errno:4 -kdiag_write_error:4 -kdiag_add_lang:4 -kusage_error:1 \
	--flag=_:1:pass-c-format --flag=P_:1:pass-c-format \
	--flag=P_:2:pass-c-format --flag=diag_error:3:c-format \
	--flag=diag_warning:3:c-format --flag=diag_report:4:c-format \
	--flag=diag_error_errno:4:c-format --flag=diag_write_error:4:c-format \
	--flag=diag_add_lang:4:c-format --flag=usage_error:1:c-format
UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=build/test/%)

# The fuzz build: clang's libFuzzer with AddressSanitizer and
# UndefinedBehaviorSanitizer. Every tests/fuzz/fuzz_<name>.c is a harness,
# build/fuzz/fuzz_<name>, linked with every generator object but main.c
# and with the helpers of tests/fuzz/lib/. Warnings are errors, as in the
# test build.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 $(WARN) -Werror -O1 -g $(FUZZ_SAN) -MMD -MP
FUZZ_SRCS = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_HELPER_SRCS = $(sort $(wildcard tests/fuzz/lib/*.c))
FUZZ_LIB_OBJS = $(LIB_SRCS:generator/%.c=build/fuzz/obj/%.o) \
	$(FUZZ_HELPER_SRCS:tests/fuzz/lib/%.c=build/fuzz/obj/lib/%.o)

# Builds of the bundled site take their date from the last commit, so that
# two builds of one checkout are identical on any day.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH

.PHONY: all deps site test unit fuzz fuzz-build bench install clean catalogue-pdf kiosk golden-update po
all: build/ocopgen site

deps:
	@scripts/deps build

build/ocopgen: $(OBJS) $(MOS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

# The messages in each language of po/ (GNU gettext), beside the program,
# where it looks for them: build/locale/LANG/LC_MESSAGES/ocopgen.mo.
# msgfmt --check refuses a translation whose placeholders (%s, %zu) are
# not those of its English message.
build/locale/%/LC_MESSAGES/ocopgen.mo: po/%.po | deps-checked
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# After a message of the code changed: po/ocopgen.pot extracted again from
# generator/, and each po/LANG.po merged with it (new messages untranslated,
# changed ones fuzzy), for a translator to complete. tests/run messages
# fails until every message has its translation.
po: build/ocopgen.pot
	cp build/ocopgen.pot po/ocopgen.pot
	@for po in $(POS); do msgmerge -q --update --backup=none --no-wrap $$po po/ocopgen.pot; done

# The messages of the code as they are now (tests/run messages compares
# each po/LANG.po with them).
build/ocopgen.pot: $(SRCS) generator/i18n.h
	@mkdir -p $(@D)
	xgettext $(XGETTEXT_FLAGS) -o $@ $(SRCS)

# Objects depend on the flags: a changed list of libraries compiles again.
build/obj/%.o: generator/%.c $(CONFIG) | deps-checked
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

build/test/obj/%.o: generator/%.c $(CONFIG) | deps-checked
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(TEST_CFLAGS) -c -o $@ $<

build/test/ocopgen: $(TEST_OBJS) $(MOS)
	$(CC) $(SAN) $(LDFLAGS) -o $@ $(TEST_OBJS) $(LIBS)

build/test/test_%: tests/unit/test_%.c $(TEST_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(TEST_CFLAGS) -Igenerator $(LDFLAGS) -o $@ $< $(TEST_LIB_OBJS) $(LIBS) -lcmocka

# The generator's objects are instrumented for coverage (fuzzer-no-link);
# only the harness brings libFuzzer's main.
build/fuzz/obj/%.o: generator/%.c $(CONFIG) | deps-checked
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/obj/lib/%.o: tests/fuzz/lib/%.c $(CONFIG) | deps-checked
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -Igenerator -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -Igenerator -Itests/fuzz/lib -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(FUZZ_LIB_OBJS) $(LIBS)

# Every make asks again (pkg-config and the shell only, when all is
# there), so that a library removed since build/config.mk was written is
# named, with the line that installs it, rather than met as a missing
# header.
.PHONY: deps-checked
deps-checked:
	@scripts/deps build

# Ends with where the site is and how to see it, in the user's language.
site: build/ocopgen
	@build/ocopgen build
	@scripts/hand-back

unit: $(UNIT_BINS)

# The test tools (cmocka among them) are checked before anything of the
# test build is compiled.
test:
	@scripts/deps test
	@$(MAKE) --no-print-directory build/ocopgen build/test/ocopgen unit fuzz-build
	@tests/run; status=$$?; scripts/hand-back; exit $$status

fuzz-build: $(FUZZ_BINS)

# Each harness for FUZZ_SECONDS seconds, its corpus in build/fuzz/corpus/
# growing from run to run, its crashes in build/fuzz/crashes/ (README:
# Fuzzing).
fuzz:
	@scripts/deps fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run -t $(FUZZ_SECONDS)

# After a deliberate change of the output: every tests/golden/*/exact/ file
# rewritten from the sanitized build's output, as the golden suite builds
# it (tests/run golden-update). Review with git diff tests/golden/.
golden-update: build/test/ocopgen
	@tests/run golden-update

# The printable catalogue of each language, printed by headless Chromium:
# build/catalogue-<lang>.pdf, and, for a catalogue in parts (more than 200
# products), build/catalogue-<lang>-<part>.pdf for each part.
CHROMIUM ?= chromium
catalogue-pdf: site
	@for f in public/*/catalogue/index.html public/*/catalogue/*/index.html; do \
		[ -f "$$f" ] || continue; \
		n=$${f#public/}; n=$${n%/index.html}; n=$$(echo "$$n" | sed 's|/catalogue||; s|/|-|g'); \
		$(CHROMIUM) --headless --no-sandbox --disable-gpu \
			--disable-background-networking --no-pdf-header-footer \
			--print-to-pdf=build/catalogue-$$n.pdf \
			"file://$(CURDIR)/$$f" 2>/dev/null || exit 1; \
		echo "build/catalogue-$$n.pdf"; \
	done
	@scripts/hand-back

# The kiosk copy: build/kiosk/ocopgen-kiosk/ (links name index.html, for
# file://) with start-kiosk.sh and start-kiosk.bat beside it, and all of it
# in one archive, build/ocopgen-kiosk.zip, to unpack onto a USB stick. The
# files take the date of the last commit, so that the archive is the same
# for the same checkout. SITE is the catalogue's folder (default: the
# bundled one): make kiosk SITE=../danh-muc-cua-toi.
SITE ?= .
# What the archive holds: not the spare folder that a second build leaves
# beside the copy.
KIOSK_FILES = ocopgen-kiosk start-kiosk.sh start-kiosk.bat
kiosk: build/ocopgen
	@scripts/deps kiosk
	@mkdir -p build/kiosk
	@build/ocopgen build --kiosk -C $(SITE) -o build/kiosk/ocopgen-kiosk
	@cp scripts/kiosk/start-kiosk.sh scripts/kiosk/start-kiosk.bat build/kiosk/
	@rm -f build/ocopgen-kiosk.zip
	@cd build/kiosk && find $(KIOSK_FILES) -exec touch -h -d @$(SOURCE_DATE_EPOCH) {} + && \
		find $(KIOSK_FILES) | LC_ALL=C sort | TZ=UTC zip -q -X -@ ../ocopgen-kiosk.zip
	@scripts/hand-back
	@ls -l build/ocopgen-kiosk.zip

bench: build/ocopgen
	@scripts/deps bench
	@bench/run

install: build/ocopgen
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)
	install -m 755 build/ocopgen $(DESTDIR)$(BINDIR)/ocopgen
	cp -R themes $(DESTDIR)$(DATADIR)/
	cp -R schemas $(DESTDIR)$(DATADIR)/
	install -m 644 docs/ocopgen.1 $(DESTDIR)$(MANDIR)/ocopgen.1
	for mo in $(MOS); do l=$${mo#build/locale/}; \
		install -D -m 644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$l; done

clean:
	rm -rf build public

-include $(OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_BINS:=.d)
