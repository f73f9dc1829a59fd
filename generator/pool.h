/*
 * pool: runs independent jobs on a few threads. Each job writes only its
 * own results, so the output does not depend on the number of threads or
 * on which thread ran which job.
 */
#ifndef OCOPGEN_POOL_H
#define OCOPGEN_POOL_H

#include <stddef.h>

#define POOL_MAX_THREADS 64

typedef void pool_fn(void *ctx, size_t job, int worker);

/* Runs fn(ctx, job, worker) for every job in [0, n), on up to threads
 * threads (worker is in [0, threads)), and returns when all are done. */
void pool_run(size_t n, int threads, pool_fn *fn, void *ctx);

/* The number of processors online, at least 1, at most POOL_MAX_THREADS. */
int pool_default_threads(void);

#endif
