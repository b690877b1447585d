/* src/app/msgq.c: a mutex-protected singly linked list plus an eventfd (a
 * pipe where there is none).  The fd is readable exactly while the queue
 * holds nodes: the push that makes the queue non-empty writes it, and the
 * take that empties the queue drains it, both under the lock, so taking
 * from an empty queue (what a caller polling for results does after each
 * line it submits) costs no system call, and the fd never stays readable
 * over an empty queue for a poll() to spin on. */
#include "config.h"
#include "msgq.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_SYS_EVENTFD_H
#include <sys/eventfd.h>
#endif

#include "err.h"

struct msgq {
	pthread_mutex_t lock;
	struct msgq_node *head, *tail;
	bool	armed;			/* the fd was written and not drained */
	int	rfd, wfd;		/* the same fd for an eventfd */
};

struct msgq *
msgq_new(struct err *err)
{
	struct msgq *q = xcalloc(1, sizeof *q);

	pthread_mutex_init(&q->lock, NULL);
#ifdef HAVE_SYS_EVENTFD_H
	q->rfd = q->wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q->rfd == -1) {
		err_set(err, "cannot create an event fd: %s", strerror(errno));
		free(q);
		return NULL;
	}
#else
	int p[2];
	if (pipe(p) == -1) {
		err_set(err, "cannot create a pipe: %s", strerror(errno));
		free(q);
		return NULL;
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	q->rfd = p[0];
	q->wfd = p[1];
#endif
	return q;
}

void
msgq_free(struct msgq *q, void (*free_node)(struct msgq_node *))
{
	if (!q)
		return;
	struct msgq_node *n = q->head;
	while (n) {
		struct msgq_node *next = n->next;
		if (free_node)
			free_node(n);
		n = next;
	}
	close(q->rfd);
	if (q->wfd != q->rfd)
		close(q->wfd);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

void
msgq_push(struct msgq *q, struct msgq_node *n)
{
	uint64_t one = 1;
	struct msgq_node *last = n;

	while (last->next)
		last = last->next;
	pthread_mutex_lock(&q->lock);
	if (q->tail)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = last;
	/* Only the push that makes the queue non-empty wakes the consumer:
	 * it takes the whole queue.  A full eventfd or pipe (EAGAIN) is
	 * readable already: still woken. */
	if (!q->armed) {
		q->armed = true;
		(void)!write(q->wfd, &one, q->wfd == q->rfd ? sizeof one : 1);
	}
	pthread_mutex_unlock(&q->lock);
}

struct msgq_node *
msgq_take_all(struct msgq *q)
{
	char buf[64];
	struct msgq_node *n;

	pthread_mutex_lock(&q->lock);
	n = q->head;
	q->head = q->tail = NULL;
	if (q->armed) {
		/* One read empties an eventfd; a pipe holds one byte per
		 * wake-up, and there is one wake-up per arming. */
		while (read(q->rfd, buf, sizeof buf) > 0 && q->rfd != q->wfd)
			;
		q->armed = false;
	}
	pthread_mutex_unlock(&q->lock);
	return n;
}

int
msgq_fd(const struct msgq *q)
{
	return q->rfd;
}

void
msgq_wait(struct msgq *q, int timeout_ms)
{
	struct pollfd p = { .fd = q->rfd, .events = POLLIN };

	pthread_mutex_lock(&q->lock);
	int ready = q->head != NULL;
	pthread_mutex_unlock(&q->lock);
	if (ready)
		return;
	while (poll(&p, 1, timeout_ms) == -1 && errno == EINTR)
		;
}
