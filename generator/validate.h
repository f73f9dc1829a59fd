/*
 * validate: the checks that need the whole catalogue. Resolves every
 * reference between records (a product's producer, group and area, a
 * story's products, the featured list), judges certificates against
 * model.today, and orders stories newest first. Problems go to d at the
 * position of the reference.
 */
#ifndef OCOPGEN_VALIDATE_H
#define OCOPGEN_VALIDATE_H

#include "diag.h"
#include "model.h"

/* Returns 0, or -1 when errors were reported. After it returns 0 the model
 * is complete and read-only. */
int validate_model(struct model *m, struct diag *d);

#endif
