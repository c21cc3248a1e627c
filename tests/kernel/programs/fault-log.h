/*
 * Records the first fatal fault of a process (signal number and si_code) to the file named by
 * $FAULT_LOG, then restores the default action and returns. Returning re-executes the faulting
 * instruction, which faults again with SIG_DFL in place, so the process is killed by the
 * kernel's own fault and the wait status (signal, core dump) is the kernel's, not a raise().
 * sigaction(2): SA_RESETHAND would do the reset too, but we also need to write first.
 */
#ifndef FAULT_LOG_H
#define FAULT_LOG_H
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *fault_log_path;

/* Appends "pid signo si_code\n" using async-signal-safe calls only (signal-safety(7)). */
static void fault_log_record(int sig, siginfo_t *si, void *uctx) {
	(void)uctx;
	if (fault_log_path) {
		char line[64];
		int n = 0;
		long values[3] = {getpid(), sig, si->si_code};
		for (int v = 0; v < 3; v++) {
			char digits[24];
			int d = 0;
			long x = values[v];
			int neg = x < 0;
			if (neg) x = -x;
			do {
				digits[d++] = (char)('0' + x % 10);
				x /= 10;
			} while (x > 0);
			if (neg) line[n++] = '-';
			while (d > 0) line[n++] = digits[--d];
			line[n++] = v < 2 ? ' ' : '\n';
		}
		int fd = open(fault_log_path, O_WRONLY | O_APPEND | O_CREAT, 0644);
		if (fd >= 0) {
			(void)!write(fd, line, (size_t)n);
			close(fd);
		}
	}
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
}

/* Installs the recorder for the signals a bad page can raise: SIGBUS, SIGSEGV and SIGILL. */
static void fault_log_install(void) {
	fault_log_path = getenv("FAULT_LOG");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fault_log_record;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
}
#endif
