/*
 * The "server" of the story, for the real kernel: a long-running daemon whose main loop lives on
 * the first pages of .text and whose configuration reload (run on SIGHUP) lives on one page about
 * 5 MiB further in, with 1 MiB of padding after it, so that neither fault-around nor readahead
 * around the pages it uses at start brings the reload page in (mm/filemap.c
 * do_sync_mmap_readahead, filemap_map_pages). It prints what the simulated server prints
 * (src/kernel/programs.ts).
 *
 * Build v1 and v2 from this file with -DBUILD=1 or -DBUILD=2. They are byte-identical except the
 * build string and the reload page; v2 is 1 MiB larger, in a section that is not loaded. On v2's reload page the
 * reload code starts 256 bytes in, after a run of ud2 instructions; so a v1 process whose reload
 * page is faulted in from v2's bytes executes ud2 and gets SIGILL (ILL_ILLOPN), the same way every
 * time. A real rebuild moves code unpredictably (SIGSEGV, SIGILL or silent misbehaviour); this
 * makes the outcome repeatable.
 *
 * The reload code is reached through a function pointer in .data. The dynamic loader writes that
 * pointer when it applies the PIE relocation, so the page is a private copy from then on and the
 * process keeps calling v1's address even after its file pages are replaced.
 */
#include "fault-log.h"
#include <stdio.h>

#if BUILD == 1
#define BUILD_NAME "v1"
#define RELOAD_SKEW "0"
#define TAIL_PAD "0"
#else
#define BUILD_NAME "v2"
#define RELOAD_SKEW "256"
#define TAIL_PAD "1048576"
#endif

/* Padding, the reload page, and more padding: all in .text, after main. */
__asm__(".section .text.zz1_pad,\"ax\",@progbits\n\t"
        ".fill 5242880,1,0xcc\n\t"
        ".section .text.zz2_reload,\"ax\",@progbits\n\t"
        ".p2align 12\n"
        "reload_page:\n\t"
        ".fill " RELOAD_SKEW "/2,2,0x0b0f\n\t"
        ".globl reload_config\n\t"
        ".type reload_config,@function\n"
        "reload_config:\n\t"
        "lea reload_build(%rip), %rax\n\t"
        "ret\n"
        "reload_build:\n\t"
        ".asciz \"" BUILD_NAME "\"\n\t"
        ".fill 4096-(.-reload_page),1,0xcc\n\t"
        ".section .text.zz3_pad,\"ax\",@progbits\n\t"
        ".fill 1048576,1,0xcc\n\t"
        ".section .note.zz_tail,\"\",@progbits\n\t"
        ".fill " TAIL_PAD "+1,1,0\n\t"
        ".previous");

/* Returns the build string, read from the reload page itself. */
extern const char *reload_config(void);
static const char *(*volatile reload_entry)(void) = reload_config;
static volatile sig_atomic_t hup;

/* In .text.hot, which the linker puts before .text, so it sits with main and not after the pads. */
__attribute__((section(".text.hot"))) static void on_hup(int sig) {
	(void)sig;
	hup = 1;
}

int main(void) {
	fault_log_install();
	struct sigaction sa = {0};
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("server[%d]: started (build %s)\n", getpid(), BUILD_NAME);
	for (;;) {
		if (hup) {
			hup = 0;
			const char *build = reload_entry();
			printf("server[%d]: reloaded configuration (build %s)\n", getpid(), build);
		}
		usleep(20000);
	}
}
