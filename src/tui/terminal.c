/* src/tui/terminal.c: the terminal around the screen.
 *
 * Signal handlers only set flags the loop reads (resize, stop,
 * suspend); a crash restores the terminal before dying; bracketed paste
 * is switched on and off here; Ctrl-Z stops the screen for the shell. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "screen-int.h"

volatile sig_atomic_t ui_resize_pending, ui_stop_pending, ui_suspend_pending;

static void
on_winch(int sig)
{
	(void)sig;
	ui_resize_pending = 1;
}

static void
on_stop(int sig)
{
	(void)sig;
	ui_stop_pending = 1;
}

/* Ask the terminal to mark pasted text (bracketed paste), or stop. */
void
ui_paste_mode(bool on)
{
	static const char on_seq[] = "\033[?2004h", off_seq[] = "\033[?2004l";

	if (!isatty(STDOUT_FILENO))
		return;
	if (on)
		(void)!write(STDOUT_FILENO, on_seq, sizeof on_seq - 1);
	else
		(void)!write(STDOUT_FILENO, off_seq, sizeof off_seq - 1);
}

static void
on_suspend(int sig)
{
	(void)sig;
	ui_suspend_pending = 1;
}

void
ui_restore_terminal(void)
{
	if (!isendwin())
		endwin();
	ui_paste_mode(false);
}

/* A crash still leaves a usable terminal: restore it, then die of the
 * same signal. */
static void
on_crash(int sig)
{
	ui_restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
ui_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Ctrl-\ arrives as a key (raw mode); a SIGQUIT sent from outside
	 * ends the screen the same clean way as SIGTERM. */
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_suspend;
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	fatal_hook = ui_restore_terminal;
}

/* Stop the screen for the shell (Ctrl-Z, SIGTSTP): the terminal as it
 * was, bracketed paste off; back on when the shell continues us. */
void
ui_suspend(void)
{
	struct sigaction dfl, old;

	ui_restore_terminal();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	ui_paste_mode(true);
	ui_resize_pending = 1;	/* relayout() redraws it all */
}
