/*
 * ocopgen: the command line. build and check run one build (build.h);
 * serve runs one at each change (serve.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "import.h"
#include "new.h"
#include "serve.h"
#include "diag.h"
#include "i18n.h"
#include "lock.h"
#include "pool.h"

struct options {
	const char *command;
	struct serve_opts serve; /* its build: build and check's too */
	struct new_opts new;
	struct import_opts import;
};

static const char *const usage_text =
	N_("usage: ocopgen build [-C DIR] [-o OUT] [--kiosk] [-j N] [-q]\n"
	   "                     [--wait SECONDS] [--verify]\n"
	   "       ocopgen check [-C DIR]\n"
	   "       ocopgen serve [-C DIR] [--port N] [--bind ADDR] [--kiosk]\n"
	   "       ocopgen new product|producer|story|page ID [-C DIR]\n"
	   "                   [--producer ID] [--group G]\n"
	   "       ocopgen import FILE.xlsx|FILE.csv [-C DIR] [--lang L] "
	   "[--dry-run]\n"
	   "       ocopgen --help | --version\n");

static const char *const help_text = N_(
	"ocopgen builds a multilingual catalogue of OCOP products from a\n"
	"folder of content (JSON records, Markdown stories, photos).\n"
	"\n"
	"Commands:\n"
	"  build        check the content, then write the site\n"
	"  check        check the content and theme; write nothing\n"
	"  serve        a preview at http://127.0.0.1:8080/, built into a\n"
	"               temporary folder and built again when a file of\n"
	"               content/ or the theme changes; pages reload by\n"
	"               themselves, errors show in them; Ctrl-C stops it\n"
	"  new          a new product, producer, story or page to fill in:\n"
	"               its record and a Markdown file per language, in\n"
	"               content/<products|producers|stories|pages>/ID/;\n"
	"               check lists what is still to fill in\n"
	"  import       products and producers from a spreadsheet with the\n"
	"               columns of products.csv: records made or updated,\n"
	"               their other fields, texts and photos kept; any error\n"
	"               (FILE:ROW:COLUMN) and nothing is written\n"
	"\n"
	"Options:\n"
	"  -C DIR       the site folder, holding content/ (default: .)\n"
	"  -o OUT       the output folder (default: DIR/public); it is\n"
	"               replaced whole, and only when the build succeeds\n"
	"  --kiosk      the copy for a touchscreen at a fair, from file://:\n"
	"               links name index.html; QR codes, idle reset\n"
	"  --port N     serve: the port (default 8080; 0: any free one)\n"
	"  --bind ADDR  serve: the address to listen on (default 127.0.0.1;\n"
	"               another lets other machines of the network see it)\n"
	"  --producer ID, --group G\n"
	"               new product: its producer and its group\n"
	"  --lang L     import: the language of the sheet's texts (default:\n"
	"               the site's first)\n"
	"  --dry-run    import: print what would change; write nothing\n"
	"  --wait SECONDS\n"
	"               build: while another build writes the same output,\n"
	"               wait this long for it (default 600; 0: not at all),\n"
	"               then give up with exit status 3\n"
	"  --verify     build: read again every file kept from the previous\n"
	"               site and compare it with what was published, rather\n"
	"               than trust its size and time\n"
	"  -j N         threads (default: the number of processors)\n"
	"  -q           print errors only\n"
	"  -h, --help   this help\n"
	"  --version    the version\n"
	"\n"
	"Exit status: 0 success (warnings allowed), 1 errors in the content\n"
	"or theme (nothing written), 2 wrong usage, 3 the output folder\n"
	"could not be written.\n");

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ocopgen: ", stderr);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fprintf(stderr, "\n%s", _(usage_text));
	return EXIT_USAGE;
}

/* Sets *n to the number s writes, when it is one from lo to hi. */
static bool number_in(const char *s, long lo, long hi, int *n)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || end == s || v < lo || v > hi)
		return false;
	*n = (int)v;
	return true;
}

/* Fills o from the command line; options may stand before or after the
 * command. Returns 0 to go on, or an exit status plus one when the run is
 * over (help, version, a usage error). */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"kiosk", no_argument, NULL, 'k'},
		{"quiet", no_argument, NULL, 'q'},
		{"jobs", required_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"directory", required_argument, NULL, 'C'},
		{"port", required_argument, NULL, 'p'},
		{"bind", required_argument, NULL, 'b'},
		{"producer", required_argument, NULL, 'P'},
		{"group", required_argument, NULL, 'G'},
		{"dry-run", no_argument, NULL, 'n'},
		{"lang", required_argument, NULL, 'L'},
		{"wait", required_argument, NULL, 'W'},
		{"verify", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	*o = (struct options){
		.serve = {.build = {.dir = ".",
				    .threads = pool_default_threads(),
				    .wait = LOCK_WAIT_DEFAULT},
			  .bind = "127.0.0.1",
			  .port = 8080},
	};
	int c;
	bool port = false, bind = false, wait = false;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hC:o:j:q", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			fputs(_(help_text), stdout);
			return EXIT_OK + 1;
		case 'V':
			printf("ocopgen %s\n", OCOPGEN_VERSION);
			return EXIT_OK + 1;
		case 'C':
			o->serve.build.dir = optarg;
			break;
		case 'o':
			o->serve.build.out = optarg;
			break;
		case 'k':
			o->serve.build.kiosk = true;
			break;
		case 'q':
			o->serve.build.quiet = true;
			break;
		case 'j':
			if (!number_in(optarg, 1, POOL_MAX_THREADS,
				       &o->serve.build.threads))
				return usage_error("-j takes a number of "
						   "threads from 1 to %d, not "
						   "\"%s\"",
						   POOL_MAX_THREADS, optarg) +
				       1;
			break;
		case 'p':
			if (!number_in(optarg, 0, 65535, &o->serve.port))
				return usage_error("--port takes a port from 0 "
						   "to 65535, not \"%s\"",
						   optarg) +
				       1;
			port = true;
			break;
		case 'b':
			o->serve.bind = optarg;
			bind = true;
			break;
		case 'W':
			if (!number_in(optarg, 0, 86400, &o->serve.build.wait))
				return usage_error("--wait takes a number of "
						   "seconds from 0 to 86400, "
						   "not \"%s\"",
						   optarg) +
				       1;
			wait = true;
			break;
		case 'v':
			o->serve.build.verify = true;
			break;
		case 'P':
			o->new.producer = optarg;
			break;
		case 'G':
			o->new.group = optarg;
			break;
		case 'n':
			o->import.dry_run = true;
			break;
		case 'L':
			o->import.lang = optarg;
			break;
		case ':':
			return usage_error("option \"%s\" needs a value",
					   argv[optind - 1]) +
			       1;
		default:
			return usage_error("unknown option \"%s\"",
					   argv[optind - 1]) +
			       1;
		}
	}
	if (optind >= argc)
		return usage_error("a command is needed") + 1;
	o->command = argv[optind++];
	if (strcmp(o->command, "build") && strcmp(o->command, "check") &&
	    strcmp(o->command, "serve") && strcmp(o->command, "new") &&
	    strcmp(o->command, "import"))
		return usage_error("unknown command \"%s\"", o->command) + 1;
	o->serve.build.check = !strcmp(o->command, "check");
	/* Each error with its line quoted and the mistake marked, as
	 * compilers show them. */
	o->serve.build.quote = true;
	o->serve.build.program = argv[0];
	bool is_new = !strcmp(o->command, "new");
	if (is_new && argc - optind < 2)
		return usage_error("new needs a kind (product, producer, "
				   "story or page) and an id") +
		       1;
	if (is_new) {
		o->new.kind = argv[optind++];
		o->new.slug = argv[optind++];
		o->new.dir = o->serve.build.dir;
		o->new.threads = o->serve.build.threads;
	} else if (o->new.producer || o->new.group) {
		return usage_error("--producer and --group go with new") + 1;
	}
	bool is_import = !strcmp(o->command, "import");
	if (is_import && argc - optind < 1)
		return usage_error("import needs a spreadsheet: an .xlsx or a "
				   ".csv file") +
		       1;
	if (is_import) {
		o->import.file = argv[optind++];
		o->import.dir = o->serve.build.dir;
		o->import.threads = o->serve.build.threads;
	} else if (o->import.dry_run || o->import.lang) {
		return usage_error("--dry-run and --lang go with import") + 1;
	}
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]) +
		       1;
	if (strcmp(o->command, "build") && wait)
		return usage_error("--wait goes with build") + 1;
	if (strcmp(o->command, "build") && o->serve.build.verify)
		return usage_error("--verify goes with build") + 1;
	if (strcmp(o->command, "serve") && (port || bind))
		return usage_error("--port and --bind go with serve") + 1;
	if (!strcmp(o->command, "serve") && o->serve.build.out)
		return usage_error("serve builds into a temporary folder of "
				   "its own: -o goes with build") +
		       1;
	if (!strcmp(o->command, "check") &&
	    (o->serve.build.out || o->serve.build.kiosk))
		return usage_error("check writes nothing: -o and --kiosk go "
				   "with build") +
		       1;
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	i18n_init();
	int rc = parse_options(argc, argv, &o);
	if (rc > 0)
		return rc - 1;
	xmlInitParser();
	int status;
	if (!strcmp(o.command, "serve")) {
		status = serve_run(&o.serve);
	} else if (!strcmp(o.command, "new")) {
		status = new_item(&o.new);
	} else if (!strcmp(o.command, "import")) {
		status = import_run(&o.import);
	} else {
		struct diag d;
		diag_init(&d);
		status = build_run(&o.serve.build, &d);
		diag_release(&d);
	}
	xmlCleanupParser();
	return status;
}
