/*
 * jsonld: schema.org structured data for product and producer pages, as
 * JSON-LD made with cJSON, so that search engines read the OCOP star level,
 * the certificate and the producer's contacts without guessing.
 */
#ifndef OCOPGEN_JSONLD_H
#define OCOPGEN_JSONLD_H

#include <stddef.h>

#include "model.h"

/* A Product: name, description, share image, the producer as manufacturer (an
 * Organization), the OCOP certificate as an award and a Certification with
 * its star level and year, and an Offer only when a price range is given.
 * award is the star level as the page's language says it ("OCOP 4-star").
 * Returns JSON text in which '<', '>' and '&' are written as \u003c,
 * \u003e and \u0026, so that it can never end the script element that
 * holds it; the caller frees it with free(). */
char *jsonld_product(const struct model *m, size_t lang, size_t index,
		     const char *award);

/* An Organization: name, address, a ContactPoint for its phone, e-mail and
 * page, and Zalo when given. Same escaping and ownership. */
char *jsonld_producer(const struct model *m, size_t lang, size_t index);

/* The lowest and highest amounts of a price range such as "80.000 -
 * 120.000 đ/kg" and its ISO 4217 currency; returns the number of amounts
 * found (0, 1 or 2), 0 when no currency is named. */
int jsonld_price(const char *text, double *low, double *high,
		 const char **currency);

#endif
