/* src/app/serve.c: the headless holder of a store's venues (--serve).
 *
 * The same runtime as the screen's, with its wall clock and ticks: when
 * another blotter holds the venues, the worker asks for them at each
 * tick and takes them when that one ends (runtime.c).  Here the main
 * thread only sleeps on the runtime's view fd and writes each new event
 * line of the published views to standard error, with the time, until a
 * signal asks it to stop. */
#include "config.h"
#include "serve.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "runtime.h"
#include "sbuf.h"
#include "utf8.h"
#include "view.h"

static volatile sig_atomic_t serve_stop;

static void
on_stop(int sig)
{
	(void)sig;
	serve_stop = 1;
}

static void
log_line(const char *text)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	/* Notes, names and reasons come from the store: their control and
	 * bidi characters are shown, never sent to the terminal. */
	struct sbuf vis = { 0 };
	utf8_visible(&vis, text, strlen(text), false);
	fprintf(stderr, "%s blotter: %s\n", stamp, vis.p ? vis.p : "");
	sbuf_free(&vis);
}

/* Log the events of V not logged yet (*SEQ counts those logged), and
 * whether this process holds the venues when that changed. */
static void
log_view(const struct view *v, uint64_t *seq, int *remote)
{
	uint64_t first = v->event_seq - v->nevents;

	char line[VIEW_EVENT_LEN * 2];

	for (size_t i = 0; i < v->nevents; i++)
		if (first + i >= *seq)
			log_line(view_log_text(&v->events[i], line,
			    sizeof line));
	*seq = v->event_seq;
	if (*remote != (int)v->remote) {
		*remote = v->remote;
		if (v->remote)
			log_line("another blotter holds the venues: waiting "
			    "for them");
	}
}

int
serve_run(const struct serve_opts *o)
{
	struct runtime_opts ro = { .db_path = o->db_path, .empty = o->empty,
	    .interactive = true, .quiet = true };
	struct err err = { "" };
	struct sigaction sa;
	struct runtime *rt;
	uint64_t seq = 0;
	int remote = 0;
	char msg[4200];

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	ro.sim_delay = o->sim_delay;
	ro.setup = o->setup;
	ro.start = runtime_wall_clock();
	if (!(rt = runtime_start(&ro, &err))) {
		fprintf(stderr, "blotter: %s\n", err.msg);
		return 1;
	}
	snprintf(msg, sizeof msg, "serving %s", o->db_path);
	log_line(msg);
	while (!serve_stop) {
		struct pollfd fd = { .fd = runtime_view_fd(rt),
		    .events = POLLIN };
		struct view *v;
		struct rt_request *r;

		if (poll(&fd, 1, 1000) == -1 && errno != EINTR)
			break;
		while ((v = runtime_take_view(rt))) {
			log_view(v, &seq, &remote);
			view_free(v);
		}
		/* Nothing is submitted here, but whatever comes back is
		 * freed. */
		while ((r = runtime_results(rt))) {
			while (r) {
				struct rt_request *next =
				    (struct rt_request *)r->node.next;
				runtime_request_free(r);
				r = next;
			}
		}
	}
	/* Say what the stop leaves behind once it is so: the venues free
	 * for another blotter, or still with the one that held them. */
	runtime_stop(rt);
	log_line(remote ? "stopping: another blotter still holds the venues" :
	    "stopping: the venues are free for another blotter");
	return 0;
}
