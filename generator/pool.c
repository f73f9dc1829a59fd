/* A minimal parallel for: threads take the next job from a shared
 * counter. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct pool {
	atomic_size_t next;
	size_t n;
	pool_fn *fn;
	void *ctx;
};

struct worker {
	struct pool *pool;
	int id;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	for (;;) {
		size_t job = atomic_fetch_add(&p->next, 1);
		if (job >= p->n)
			break;
		p->fn(p->ctx, job, w->id);
	}
	return NULL;
}

void pool_run(size_t n, int threads, pool_fn *fn, void *ctx)
{
	if (threads < 1)
		threads = 1;
	if (threads > POOL_MAX_THREADS)
		threads = POOL_MAX_THREADS;
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;
	struct pool p = {.n = n, .fn = fn, .ctx = ctx};
	atomic_init(&p.next, 0);
	struct worker workers[POOL_MAX_THREADS];
	pthread_t tids[POOL_MAX_THREADS];
	int started = 0;
	for (int i = 0; i < threads; i++)
		workers[i] = (struct worker){&p, i};
	/* The calling thread is worker 0. */
	for (int i = 1; i < threads; i++) {
		if (pthread_create(&tids[i], NULL, worker_main, &workers[i]))
			break;
		started = i;
	}
	worker_main(&workers[0]);
	for (int i = 1; i <= started; i++)
		pthread_join(tids[i], NULL);
}

int pool_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (int)n;
}
