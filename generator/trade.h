/*
 * trade: what a product's data for buyers may name (the units its
 * quantities and prices are counted in, ISO 4217 currencies, certification
 * schemes), and how a page writes a quantity or a price in a reader's
 * language, with the theme's words.
 *
 * load checks records against these lists, page_data writes the values,
 * exports and jsonld give the units' ids and UN/CEFACT codes.
 */
#ifndef OCOPGEN_TRADE_H
#define OCOPGEN_TRADE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "model.h"

enum unit_kind {
	UNIT_MASS,
	UNIT_VOLUME,
	UNIT_COUNT,   /* pieces and packages: bottle, box */
	UNIT_SERVICE, /* what a tourism service is sold by: night, person */
	UNIT_TIME,
};

struct trade_unit {
	const char *id;	  /* as records write it: "kg" */
	const char *code; /* UN/CEFACT common code (Recommendation 20):
			     "KGM"; NULL when it has none */
	enum unit_kind kind;
};

/* Every unit, in the order messages list them. */
extern const struct trade_unit trade_units[];
extern const size_t trade_nunits;

/* The index in trade_units of the unit id (as records write it); -1 when
 * there is none. */
int trade_unit_find(const char *id);

/* The unit ids a field may take: those listed in ids (NULL-terminated),
 * or, when ids is NULL, every unit but those of time. */
bool trade_unit_allowed(int unit, const char *const *ids);

/* Appends the unit ids ids allows, for a message: "g" or "kg". */
void trade_units_list(struct buf *out, const char *const *ids);

/* The unit id that ids allows nearest to wrong, for a "did you mean";
 * NULL when none is near. Static. */
const char *trade_unit_hint(const char *wrong, const char *const *ids);

/* What a quantity written as text says, for the message that shows how
 * a record writes it now ("12 tháng", "Túi 500 g", "24 bottles"): exactly
 * one number, and the unit right after it, in Vietnamese, English or
 * Chinese words. Sets *value and *unit (an index in trade_units) and
 * returns NULL when the text says that and nothing more; otherwise
 * returns why not, for a message ("it gives no number", "it gives more
 * than one number"), and leaves them alone. Static. */
const char *trade_quantity_text(const char *text, double *value, int *unit);

/* True when code is an ISO 4217 currency code in use ("VND"). */
bool trade_currency_known(const char *code);

/* The code meant by a currency written wrongly ("vnd", "VNĐ", "₫",
 * "VDN"), for a "did you mean"; NULL when none is near. Static. */
const char *trade_currency_hint(const char *wrong);

/* The whole number a text writes in groups of three digits apart by
 * one separator, as people write thousands ("120.000", "1,200,000",
 * "45 000"): 120000; 0 when text is not written so. */
double trade_grouped_number(const char *text);

/* Checks an amount of a price as a person wrote it: text, the number as
 * typed ("120.000"), which reads as amount (120), in currency (an ISO
 * 4217 code). A currency with no minor unit (VND, JPY, KRW...) has no
 * fractions, so a number written in groups of three is thousands, and
 * any other fraction is a slip; a VND price under 1,000 is none a
 * producer sells at. Returns true when the amount is as meant;
 * otherwise appends to why what is wrong and what to write instead
 * ("120.000 reads as 120, …: write 120000"), for a message that names
 * the field first, and returns false. */
bool trade_check_amount(struct buf *why, const char *text, double amount,
			const char *currency);

/* A certification scheme known by name: its id ("iso-22000") and the name
 * pages show when the theme has no word "scheme_<id>" ("ISO 22000"). */
struct trade_scheme {
	const char *id, *name;
	const char *aliases[3]; /* other names it is written as, or NULL */
};
extern const struct trade_scheme trade_schemes[];
extern const size_t trade_nschemes;

/* The index of the scheme written name (its id, its name or an alias,
 * whatever the case, spaces and punctuation: "ISO22000", "iso-22000");
 * -1 for a name of no known scheme. */
int trade_scheme_find(const char *name);

/* The name of the known scheme nearest to name, for a "did you mean";
 * NULL when none is near. Static. */
const char *trade_scheme_hint(const char *name);

/* The words a page writes numbers, units and prices with: word(ctx, key)
 * gives the theme's word key in the page's language, or NULL.
 *   number_group, number_decimal   "." and "," in Vietnamese
 *   unit_<id>                      "kg", "chai": after a number, after "per"
 *   units_<id>                     the plural, after a number other than 1
 *   currency_<CODE>                "₫"; without it, the code
 *   price_format                   "{amount} {currency}/{unit}"
 * A missing unit word is written as the unit's id. */
typedef const char *trade_word_fn(const void *ctx, const char *key);

/* Appends v in the page's digits: groups of three apart by number_group,
 * decimals after number_decimal; at most decimals of them, trailing zeros
 * dropped (all of them when v is whole, two at least otherwise when
 * decimals is 2, as prices are written). */
void trade_number(struct buf *out, double v, int decimals, trade_word_fn *word,
		  const void *ctx);

/* Appends a quantity: "500 g", "12 months". */
void trade_quantity(struct buf *out, const struct quantity *q,
		    trade_word_fn *word, const void *ctx);

/* Appends a price by the pattern price_format, with {amount} the price or
 * its range ("80.000–120.000", with an en dash), {currency} and {unit}:
 * "80.000–120.000 ₫/kg", "VND 80,000–120,000 per kg". */
void trade_price(struct buf *out, const struct price *p, trade_word_fn *word,
		 const void *ctx);

/* Appends a number as machines read it back (exports, messages): "80000",
 * "0.5"; the shortest form that reads back to v. */
void trade_plain_number(struct buf *out, double v);

#endif
