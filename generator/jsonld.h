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
 * its star level and year, the product's other certifications, its net
 * weight, and an Offer only from its structured price (never from the
 * free text of "price_range").
 * award is the star level as the page's language says it ("OCOP 4-star").
 * Returns JSON text in which '<', '>' and '&' are written as \u003c,
 * \u003e and \u0026, so that it can never end the script element that
 * holds it; the caller frees it with free(). */
char *jsonld_product(const struct model *m, size_t lang, size_t index,
		     const char *award);

/* An Organization: name, address, a ContactPoint for its phone, e-mail and
 * page, and Zalo when given. Same escaping and ownership. */
char *jsonld_producer(const struct model *m, size_t lang, size_t index);

#endif
