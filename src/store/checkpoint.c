/* src/store/checkpoint.c: the store's background checkpointer.
 *
 * In WAL mode every commit appends pages to the -wal file, and a
 * checkpoint copies them back into the database file (and syncs it).
 * SQLite runs that copy inside COMMIT by default, on the thread that is
 * committing; for the worker that was a third of its time.  Here a thread
 * with a connection of its own does it instead, woken when the writer's
 * WAL has grown (the WAL hook) or once a second.  A PASSIVE checkpoint
 * never blocks the writer, and a crash at any point is safe: the WAL still
 * holds every page until the database file has it. */
#include "config.h"
#include "store.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "store-int.h"

struct store_ckpt {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	sqlite3	*db;
	bool	poked, stop;
};

static void *
ckpt_main(void *arg)
{
	struct store_ckpt *c = arg;

	pthread_setname_np(pthread_self(), "blotter-ckpt");
	pthread_mutex_lock(&c->lock);
	while (!c->stop) {
		if (!c->poked) {
			struct timespec t;
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_sec += 1;
			pthread_cond_timedwait(&c->cond, &c->lock, &t);
		}
		if (c->stop)
			break;
		c->poked = false;
		pthread_mutex_unlock(&c->lock);
		/* Failures (a busy reader, a full disk) leave the pages in
		 * the WAL, where they stay safe: the next round tries again. */
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

struct store_ckpt *
store_ckpt_start(const char *path)
{
	struct store_ckpt *c = xcalloc(1, sizeof *c);

	store_sqlite_setup();
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	if (pthread_create(&c->thread, NULL, ckpt_main, c) != 0) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->cond);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	return c;
}

void
store_ckpt_poke(struct store_ckpt *c)
{
	pthread_mutex_lock(&c->lock);
	c->poked = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void
store_ckpt_stop(struct store_ckpt *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	sqlite3_close(c->db);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c);
}
