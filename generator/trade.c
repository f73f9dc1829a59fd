/* Units, currencies and certification schemes; quantities and prices as a
 * reader's language writes them. */
#include "trade.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "text.h"
#include "util.h"

/* The codes are those of UN/CEFACT Recommendation 20, which schema.org's
 * unitCode takes; packages are its codes of Recommendation 21 with "X"
 * before them. A night has none: structured data names it in words. */
const struct trade_unit trade_units[] = {
	{"g", "GRM", UNIT_MASS},       {"kg", "KGM", UNIT_MASS},
	{"tonne", "TNE", UNIT_MASS},   {"ml", "MLT", UNIT_VOLUME},
	{"l", "LTR", UNIT_VOLUME},     {"piece", "H87", UNIT_COUNT},
	{"bottle", "XBO", UNIT_COUNT}, {"jar", "XJR", UNIT_COUNT},
	{"can", "XCX", UNIT_COUNT},    {"box", "XBX", UNIT_COUNT},
	{"bag", "XBG", UNIT_COUNT},    {"pack", "XPK", UNIT_COUNT},
	{"carton", "XCT", UNIT_COUNT}, {"tray", "XPU", UNIT_COUNT},
	{"set", "SET", UNIT_COUNT},    {"pair", "PR", UNIT_COUNT},
	{"night", NULL, UNIT_SERVICE}, {"person", "IE", UNIT_SERVICE},
	{"day", "DAY", UNIT_TIME},     {"week", "WEE", UNIT_TIME},
	{"month", "MON", UNIT_TIME},   {"year", "ANN", UNIT_TIME},
};
const size_t trade_nunits = ARRAY_SIZE(trade_units);

int trade_unit_find(const char *id)
{
	for (size_t i = 0; i < trade_nunits; i++)
		if (!strcmp(trade_units[i].id, id))
			return (int)i;
	return -1;
}

bool trade_unit_allowed(int unit, const char *const *ids)
{
	if (unit < 0 || (size_t)unit >= trade_nunits)
		return false;
	if (!ids)
		return trade_units[unit].kind != UNIT_TIME;
	for (; *ids; ids++)
		if (!strcmp(*ids, trade_units[unit].id))
			return true;
	return false;
}

/* The ids that ids allows, into names[trade_nunits]; returns how many. */
static size_t allowed_ids(const char *const *ids, const char **names)
{
	size_t n = 0;
	for (size_t i = 0; i < trade_nunits; i++)
		if (trade_unit_allowed((int)i, ids))
			names[n++] = trade_units[i].id;
	return n;
}

void trade_units_list(struct buf *out, const char *const *ids)
{
	const char *names[ARRAY_SIZE(trade_units)];
	size_t n = allowed_ids(ids, names);
	text_quoted_choices(out, names, n);
}

/* The words that follow a number to name a unit, in the languages of
 * the bundled theme; an English word may take an "s" or "es". */
static const struct {
	const char *word, *unit;
} unit_words[] = {
	{"kg", "kg"},	      {"kilogram", "kg"},   {"kilo", "kg"},
	{"公斤", "kg"},	      {"千克", "kg"},	    {"g", "g"},
	{"gr", "g"},	      {"gram", "g"},	    {"gam", "g"},
	{"克", "g"},	      {"ml", "ml"},	    {"毫升", "ml"},
	{"l", "l"},	      {"lít", "l"},	    {"litre", "l"},
	{"liter", "l"},	      {"升", "l"},	    {"tấn", "tonne"},
	{"tonne", "tonne"},   {"ton", "tonne"},	    {"吨", "tonne"},
	{"ngày", "day"},      {"day", "day"},	    {"天", "day"},
	{"tuần", "week"},     {"week", "week"},	    {"周", "week"},
	{"tháng", "month"},   {"month", "month"},   {"个月", "month"},
	{"月", "month"},      {"năm", "year"},	    {"year", "year"},
	{"年", "year"},	      {"chai", "bottle"},   {"bottle", "bottle"},
	{"瓶", "bottle"},     {"hộp", "box"},	    {"box", "box"},
	{"盒", "box"},	      {"túi", "bag"},	    {"bag", "bag"},
	{"袋", "bag"},	      {"gói", "pack"},	    {"pack", "pack"},
	{"包", "pack"},	      {"lọ", "jar"},	    {"hũ", "jar"},
	{"jar", "jar"},	      {"罐", "jar"},	    {"cái", "piece"},
	{"chiếc", "piece"},   {"piece", "piece"},   {"个", "piece"},
	{"thùng", "carton"},  {"carton", "carton"}, {"箱", "carton"},
	{"khay", "tray"},     {"tray", "tray"},	    {"bộ", "set"},
	{"set", "set"},	      {"套", "set"},	    {"đêm", "night"},
	{"night", "night"},   {"晚", "night"},	    {"người", "person"},
	{"person", "person"}, {"人", "person"},	    {"pc", "piece"},
	{"t", "tonne"},
};

/* The unit word at s, and its length in *len; -1 when none is there. A
 * Latin word ends where the letters do: the g of "gói" is no gram. */
static int unit_word_at(const char *s, size_t *len)
{
	int best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < ARRAY_SIZE(unit_words); i++) {
		size_t n = strlen(unit_words[i].word);
		if (strncasecmp(s, unit_words[i].word, n) || n <= best_len)
			continue;
		size_t end = n;
		if ((unsigned char)s[0] < 0x80) {
			if (s[end] == 's')
				end++;
			else if (s[end] == 'e' && s[end + 1] == 's')
				end += 2;
			if (isalpha((unsigned char)s[end]) ||
			    (unsigned char)s[end] >= 0x80)
				continue;
		}
		best = trade_unit_find(unit_words[i].unit);
		best_len = n;
		*len = end;
	}
	return best;
}

const char *trade_unit_hint(const char *wrong, const char *const *ids)
{
	const char *names[ARRAY_SIZE(trade_units)];
	size_t n = allowed_ids(ids, names);
	/* Another word for a unit, whole: "gram", "kilo", "pcs", "ngày". */
	size_t wlen;
	int u = unit_word_at(wrong, &wlen);
	if (u >= 0 && wlen == strlen(wrong) && trade_unit_allowed(u, ids))
		return trade_units[u].id;
	/* A plural or a capital: "bottles", "KG". */
	char low[32];
	size_t len = strlen(wrong);
	if (len && len < sizeof(low)) {
		for (size_t i = 0; i <= len; i++)
			low[i] = (char)tolower((unsigned char)wrong[i]);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(low, names[i]))
				return names[i];
		if (low[len - 1] == 's')
			low[len - 1] = '\0';
		for (size_t i = 0; i < n; i++)
			if (!strcmp(low, names[i]))
				return names[i];
	}
	/* Units are short: one edit, "bottel", is a typo; two are another
	 * unit. */
	const char *near = text_nearest(wrong, names, n, text_name_in_array);
	return near && text_edit_distance(wrong, near) <= 1 + strlen(wrong) / 4
		       ? near
		       : NULL;
}

/* ISO 4217 codes in use (2024), in order. */
static const char *const currencies[] = {
	"AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
	"BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL",
	"BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
	"COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP",
	"ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD",
	"GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
	"IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF",
	"KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
	"LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
	"MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR",
	"NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
	"RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
	"SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
	"TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX",
	"USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG",
	"XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
};

static int code_cmp(const void *key, const void *item)
{
	return strcmp(key, *(const char *const *)item);
}

bool trade_currency_known(const char *code)
{
	return bsearch(code, currencies, ARRAY_SIZE(currencies),
		       sizeof(*currencies), code_cmp) != NULL;
}

/* Whether a turns into b by one edit, two neighbours swapped included. */
static bool one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la == lb) {
		size_t i = 0;
		while (i < la && a[i] == b[i])
			i++;
		if (i == la)
			return false;
		if (!strcmp(a + i + 1, b + i + 1))
			return true;
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       !strcmp(a + i + 2, b + i + 2);
	}
	if (la + 1 != lb && lb + 1 != la)
		return false;
	const char *s = la < lb ? a : b, *l = la < lb ? b : a;
	size_t i = 0;
	while (s[i] && s[i] == l[i])
		i++;
	return !strcmp(s + i, l + i + 1);
}

const char *trade_currency_hint(const char *wrong)
{
	static const struct {
		const char *written, *code;
	} usual[] = {
		{"VNĐ", "VND"},	 {"vnđ", "VND"},  {"đ", "VND"},	  {"₫", "VND"},
		{"đồng", "VND"}, {"dong", "VND"}, {"RMB", "CNY"}, {"元", "CNY"},
		{"$", "USD"},	 {"US$", "USD"},  {"€", "EUR"},	  {"円", "JPY"},
	};
	/* The currencies of Vietnam's trade first, for an equal guess. */
	static const char *const first[] = {"VND", "USD", "CNY", "EUR", "JPY",
					    "KRW", "THB", "LAK", "KHR"};
	for (size_t i = 0; i < ARRAY_SIZE(usual); i++)
		if (!strcmp(wrong, usual[i].written))
			return usual[i].code;
	char up[8];
	size_t len = strlen(wrong);
	if (len < sizeof(up)) {
		for (size_t i = 0; i <= len; i++)
			up[i] = (char)toupper((unsigned char)wrong[i]);
		const char *const *hit =
			bsearch(up, currencies, ARRAY_SIZE(currencies),
				sizeof(*currencies), code_cmp);
		if (hit)
			return *hit;
		for (size_t i = 0; i < ARRAY_SIZE(first); i++)
			if (one_edit(up, first[i]))
				return first[i];
		for (size_t i = 0; i < ARRAY_SIZE(currencies); i++)
			if (one_edit(up, currencies[i]))
				return currencies[i];
	}
	return NULL;
}

const struct trade_scheme trade_schemes[] = {
	{"vietgap", "VietGAP", {NULL}},
	{"vietgahp", "VietGAHP", {NULL}},
	{"globalgap", "GLOBALG.A.P.", {"GlobalGAP", NULL}},
	{"organic-vn", "TCVN 11041", {"TCVN 11041:2017", NULL}},
	{"organic-eu", "EU organic", {"organic EU", NULL}},
	{"organic-usda", "USDA Organic", {"NOP", NULL}},
	{"organic-jas", "JAS organic", {"organic JAS", NULL}},
	{"haccp", "HACCP", {NULL}},
	{"iso-22000", "ISO 22000", {"ISO 22000:2018", NULL}},
	{"fssc-22000", "FSSC 22000", {NULL}},
	{"iso-9001", "ISO 9001", {"ISO 9001:2015", NULL}},
	{"iso-14001", "ISO 14001", {"ISO 14001:2015", NULL}},
	{"brcgs", "BRCGS", {"BRC", NULL}},
	{"ifs-food", "IFS Food", {"IFS", NULL}},
	{"gmp", "GMP", {NULL}},
	{"gacp-who", "GACP-WHO", {"GACP", NULL}},
	{"halal", "Halal", {NULL}},
	{"kosher", "Kosher", {NULL}},
	{"fairtrade", "Fairtrade", {"Fair Trade", NULL}},
	{"rainforest-alliance", "Rainforest Alliance", {NULL}},
};
const size_t trade_nschemes = ARRAY_SIZE(trade_schemes);

/* s with letters in lower case and every other byte but digits left out,
 * into out: "ISO 22000" and "iso-22000" both give "iso22000". */
static void squeeze(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

int trade_scheme_find(const char *name)
{
	char want[64], have[64];
	squeeze(name, want, sizeof(want));
	if (!*want)
		return -1;
	for (size_t i = 0; i < trade_nschemes; i++) {
		const struct trade_scheme *s = &trade_schemes[i];
		const char *names[2 + ARRAY_SIZE(s->aliases)] = {s->id,
								 s->name};
		for (size_t k = 0; k < ARRAY_SIZE(s->aliases); k++)
			names[2 + k] = s->aliases[k];
		for (size_t k = 0; k < ARRAY_SIZE(names) && names[k]; k++) {
			squeeze(names[k], have, sizeof(have));
			if (!strcmp(want, have))
				return (int)i;
		}
	}
	return -1;
}

static const char *scheme_name_at(const void *schemes, size_t i)
{
	return ((const struct trade_scheme *)schemes)[i].name;
}

const char *trade_scheme_hint(const char *name)
{
	return text_nearest(name, trade_schemes, trade_nschemes,
			    scheme_name_at);
}

static const char *word_or(trade_word_fn *word, const void *ctx,
			   const char *key, const char *def)
{
	const char *w = word ? word(ctx, key) : NULL;
	return w ? w : def;
}

/* v rounded to decimals places, in the page's digits; with every decimal
 * when fixed, else without trailing zeros. */
static void number(struct buf *out, double v, int decimals, bool fixed,
		   trade_word_fn *word, const void *ctx)
{
	const char *group = word_or(word, ctx, "number_group", ",");
	const char *point = word_or(word, ctx, "number_decimal", ".");
	long long scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	if (v < 0) {
		buf_addc(out, '-');
		v = -v;
	}
	long long n = llround(v * (double)scale);
	long long whole = n / scale, frac = n % scale;
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%lld", whole);
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf_adds(out, group);
		buf_addc(out, digits[i]);
	}
	if (!frac)
		return;
	snprintf(digits, sizeof(digits), "%0*lld", decimals, frac);
	len = decimals;
	while (!fixed && len > 1 && digits[len - 1] == '0')
		len--;
	buf_adds(out, point);
	buf_add(out, digits, (size_t)len);
}

void trade_number(struct buf *out, double v, int decimals, trade_word_fn *word,
		  const void *ctx)
{
	number(out, v, decimals, false, word, ctx);
}

/* The word for unit u: its plural after a number other than one when
 * plural is set. */
static const char *unit_word(int u, bool plural, trade_word_fn *word,
			     const void *ctx)
{
	const char *id = trade_units[u].id;
	char key[48];
	const char *w = NULL;
	if (plural) {
		snprintf(key, sizeof(key), "units_%s", id);
		w = word_or(word, ctx, key, NULL);
	}
	snprintf(key, sizeof(key), "unit_%s", id);
	return w ? w : word_or(word, ctx, key, id);
}

void trade_quantity(struct buf *out, const struct quantity *q,
		    trade_word_fn *word, const void *ctx)
{
	number(out, q->value, 3, false, word, ctx);
	buf_addc(out, ' ');
	buf_adds(out, unit_word(q->unit, q->value != 1, word, ctx));
}

/* A price's amount: whole, or with two decimals. */
static void amount(struct buf *out, double v, trade_word_fn *word,
		   const void *ctx)
{
	number(out, v, 2, true, word, ctx);
}

void trade_price(struct buf *out, const struct price *p, trade_word_fn *word,
		 const void *ctx)
{
	const char *f = word_or(word, ctx, "price_format",
				"{amount} {currency}/{unit}");
	char key[32];
	snprintf(key, sizeof(key), "currency_%s", p->currency);
	const char *currency = word_or(word, ctx, key, p->currency);
	while (*f) {
		if (!strncmp(f, "{amount}", 8)) {
			amount(out, p->min, word, ctx);
			if (p->max > p->min) {
				buf_adds(out, "\xe2\x80\x93"); /* – */
				amount(out, p->max, word, ctx);
			}
			f += 8;
		} else if (!strncmp(f, "{currency}", 10)) {
			buf_adds(out, currency);
			f += 10;
		} else if (!strncmp(f, "{unit}", 6)) {
			buf_adds(out, unit_word(p->unit, false, word, ctx));
			f += 6;
		} else {
			buf_addc(out, *f++);
		}
	}
}

const char *trade_quantity_text(const char *text, double *value, int *unit)
{
	const char *num = NULL, *after = NULL;
	for (const char *s = text; *s;) {
		if (!isdigit((unsigned char)*s)) {
			s++;
			continue;
		}
		if (num) {
			/* "3–5 days", "3-5 ngày", "3~5天" */
			const char *b = after;
			while (*b == ' ')
				b++;
			bool range = *b == '-' || *b == '~' ||
				     !strncmp(b, "\u2013", 3) ||
				     !strncmp(b, "\uff5e", 3);
			return range ? _("it gives a range, not one number")
				     : _("it gives more than one number");
		}
		num = s;
		while (isdigit((unsigned char)*s))
			s++;
		/* A decimal: "0.5", "1,5". Three digits after the mark are
		 * thousands to a Vietnamese reader, a decimal to others. */
		if ((*s == '.' || *s == ',') && isdigit((unsigned char)s[1])) {
			size_t d = 1;
			while (isdigit((unsigned char)s[d]))
				d++;
			if (d == 4)
				return _("its number could be read as "
					 "thousands or "
					 "as a decimal");
			s += d;
		}
		after = s;
	}
	if (!num)
		return _("it gives no number");
	char digits[64];
	size_t n = (size_t)(after - num);
	if (n >= sizeof(digits))
		return _("its number is too long");
	memcpy(digits, num, n);
	digits[n] = '\0';
	char *comma = strchr(digits, ',');
	if (comma)
		*comma = '.';
	while (*after == ' ')
		after++;
	size_t len;
	int u = unit_word_at(after, &len);
	if (u < 0)
		return _("no unit follows its number");
	*value = strtod(digits, NULL);
	*unit = u;
	return NULL;
}

double trade_grouped_number(const char *text)
{
	const char *s = text;
	size_t lead = 0;
	while (isdigit((unsigned char)s[lead]))
		lead++;
	if (lead < 1 || lead > 3 || !s[lead] || !strchr("., ", s[lead]))
		return 0;
	char sep = s[lead];
	double v = 0;
	for (size_t i = 0; i < lead; i++)
		v = v * 10 + (s[i] - '0');
	s += lead;
	while (*s == sep) {
		for (int i = 1; i <= 3; i++)
			if (!isdigit((unsigned char)s[i]))
				return 0;
		for (int i = 1; i <= 3; i++)
			v = v * 10 + (s[i] - '0');
		s += 4;
	}
	return *s ? 0 : v;
}

/* The ISO 4217 currencies whose minor unit is 0: no fractions. */
static const char *const whole_currencies[] = {
	"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
	"PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
};

bool trade_check_amount(struct buf *why, const char *text, double amount,
			const char *currency)
{
	if (!currency ||
	    !bsearch(currency, whole_currencies, ARRAY_SIZE(whole_currencies),
		     sizeof(*whole_currencies), code_cmp))
		return true;
	struct buf meant = BUF_INIT, read = BUF_INIT;
	double grouped = trade_grouped_number(text);
	bool ok = false;
	trade_plain_number(&read, amount);
	if (grouped > 0 && grouped != amount) {
		trade_plain_number(&meant, grouped);
		buf_printf(why,
			   _("%s, which reads as %s: a price in %s has no "
			     "decimals, so the dots or commas must be "
			     "thousands; did you mean %s? (write numbers "
			     "without thousands separators)"),
			   text, read.data, currency, meant.data);
	} else if (amount != floor(amount)) {
		buf_printf(why,
			   _("%s: a price in %s has no decimals; write a "
			     "whole number (and no thousands separators)"),
			   text, currency);
	} else if (!strcmp(currency, "VND") && amount < 1000) {
		trade_plain_number(&meant, amount * 1000);
		buf_printf(why,
			   _("%s VND, under 1,000 đồng, which no product "
			     "sells at; did you mean %s? (write the whole "
			     "price in đồng, not in thousands)"),
			   text, meant.data);
	} else {
		ok = true;
	}
	buf_release(&meant);
	buf_release(&read);
	return ok;
}

void trade_plain_number(struct buf *out, double v)
{
	char s[40];
	snprintf(s, sizeof(s), "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, sizeof(s), "%.17g", v);
	buf_adds(out, s);
}
