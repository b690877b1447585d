/* include/msgq.h: a message queue between two threads, with a wake-up fd.
 *
 * Messages embed struct msgq_node as their first member.  The producer
 * pushes and the queue owns the message until the consumer takes it; the
 * consumer sleeps in poll() on msgq_fd() and takes the whole queue at once. */
#ifndef BLOTTER_MSGQ_H
#define BLOTTER_MSGQ_H

struct err;
struct msgq;

struct msgq_node {
	struct msgq_node *next;
};

struct msgq *msgq_new(struct err *);
void	msgq_free(struct msgq *, void (*free_node)(struct msgq_node *));
/* Append NODE (and the nodes chained after it through next, which must
 * end in NULL) and wake the consumer. */
void	msgq_push(struct msgq *, struct msgq_node *);
/* Reset the wake-up fd and take every queued node, oldest first (NULL
 * when empty).  Never blocks. */
struct msgq_node *msgq_take_all(struct msgq *);
/* The fd that becomes readable when something was pushed. */
int	msgq_fd(const struct msgq *);
/* Block until something was pushed or TIMEOUT_MS passed (-1: forever). */
void	msgq_wait(struct msgq *, int timeout_ms);

#endif
