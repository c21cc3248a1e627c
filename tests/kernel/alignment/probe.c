/*
 * One load or store at buf + offset, for comparing real CPUs (or qemu-user) with src/align.
 * Usage: probe <insn> <offset> [nohandler]
 * buf[i] = i, as in the lab's memory strip. A load prints its registers in the lab's format
 * ("r2 = 0x04030201, r3 = 0x08070605"); a store prints "stored". A SIGBUS or SIGSEGV is caught
 * and reported as "signal 7 si_code 1 si_addr +1" (si_addr relative to buf), then the program
 * exits 128 + signo. With "nohandler" the signal kills the process, so the shell reports it.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((aligned(64))) static unsigned char buf[128];

static void handler(int sig, siginfo_t *si, void *uc) {
	(void)uc;
#if defined(__x86_64__)
	/* The AC flag is still set inside the handler; clear it before touching anything else. */
	__asm__ volatile("pushfq; andq $~0x40000, (%rsp); popfq");
#endif
	char line[96];
	int n;
	if (si->si_addr == NULL)
		n = snprintf(line, sizeof line, "signal %d si_code %d si_addr (nil)\n", sig, si->si_code);
	else
		n = snprintf(line, sizeof line, "signal %d si_code %d si_addr +%ld\n", sig, si->si_code,
			     (long)((unsigned char *)si->si_addr - buf));
	write(1, line, n);
	_exit(128 + sig);
}

int main(int argc, char **argv) {
	if (argc < 3) {
		fprintf(stderr, "usage: probe <insn> <offset> [nohandler]\n");
		return 2;
	}
	const char *insn = argv[1];
	unsigned char *p = buf + atoi(argv[2]);
	for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (unsigned char)i;
	if (argc < 4 || strcmp(argv[3], "nohandler") != 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = handler;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGBUS, &sa, NULL);
		sigaction(SIGSEGV, &sa, NULL);
	}
	setvbuf(stdout, NULL, _IONBF, 0);

#if defined(__aarch64__)
	uint64_t a = 0, b = 0, v = 0xa7a6a5a4a3a2a1a0ull;
	uint32_t status = 0;
	if (!strcmp(insn, "ldr")) {
		__asm__ volatile("ldr %0, [%1]" : "=r"(a) : "r"(p) : "memory");
		printf("x0 = 0x%016llx\n", (unsigned long long)a);
	} else if (!strcmp(insn, "ldxr")) {
		__asm__ volatile("ldxr %0, [%1]" : "=r"(a) : "r"(p) : "memory");
		printf("x0 = 0x%016llx\n", (unsigned long long)a);
	} else if (!strcmp(insn, "ldar")) {
		__asm__ volatile("ldar %0, [%1]" : "=r"(a) : "r"(p) : "memory");
		printf("x0 = 0x%016llx\n", (unsigned long long)a);
	} else if (!strcmp(insn, "ldp")) {
		__asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(p) : "memory");
		printf("x0 = 0x%016llx, x2 = 0x%016llx\n", (unsigned long long)a, (unsigned long long)b);
	} else if (!strcmp(insn, "stlr")) {
		__asm__ volatile("stlr %0, [%1]" : : "r"(v), "r"(p) : "memory");
		printf("stored\n");
	} else if (!strcmp(insn, "stxr")) {
		/* Without a preceding LDXR the monitor is not held, so the store may fail with status 1. */
		__asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(status) : "r"(v), "r"(p) : "memory");
		printf("stxr status %u\n", (unsigned)status);
	} else if (!strcmp(insn, "cas")) {
		a = 0;
		__asm__ volatile(".arch armv8.1-a\n\tcas %0, %1, [%2]" : "+r"(a) : "r"(v), "r"(p) : "memory");
		printf("stored\n");
	} else {
		return 2;
	}
#elif defined(__arm__)
	uint32_t a = 0, b = 0;
	if (!strcmp(insn, "ldr")) {
		__asm__ volatile("ldr %0, [%1]" : "=r"(a) : "r"(p) : "memory");
		printf("r0 = 0x%08x\n", (unsigned)a);
	} else if (!strcmp(insn, "ldrh")) {
		__asm__ volatile("ldrh %0, [%1]" : "=r"(a) : "r"(p) : "memory");
		printf("r0 = 0x%08x\n", (unsigned)a);
	} else if (!strcmp(insn, "ldrex")) {
		__asm__ volatile("ldrex %0, [%1]" : "=r"(a) : "r"(p) : "memory");
		printf("r0 = 0x%08x\n", (unsigned)a);
	} else if (!strcmp(insn, "ldrd")) {
		__asm__ volatile("ldrd r2, r3, [%2]\n\tmov %0, r2\n\tmov %1, r3"
				 : "=r"(a), "=r"(b) : "r"(p) : "r2", "r3", "memory");
		printf("r2 = 0x%08x, r3 = 0x%08x\n", (unsigned)a, (unsigned)b);
	} else if (!strcmp(insn, "ldm")) {
		__asm__ volatile("ldm %2, {r2, r3}\n\tmov %0, r2\n\tmov %1, r3"
				 : "=r"(a), "=r"(b) : "r"(p) : "r2", "r3", "memory");
		printf("r2 = 0x%08x, r3 = 0x%08x\n", (unsigned)a, (unsigned)b);
	} else if (!strcmp(insn, "vldr")) {
		__asm__ volatile("vldr d0, [%2]\n\tvmov %0, %1, d0"
				 : "=r"(a), "=r"(b) : "r"(p) : "d0", "memory");
		printf("d0 = 0x%08x%08x\n", (unsigned)b, (unsigned)a);
	} else if (!strcmp(insn, "vld1")) {
		__asm__ volatile("vld1.64 {d0}, [%2:64]\n\tvmov %0, %1, d0"
				 : "=r"(a), "=r"(b) : "r"(p) : "d0", "memory");
		printf("d0 = 0x%08x%08x\n", (unsigned)b, (unsigned)a);
	} else {
		return 2;
	}
#elif defined(__x86_64__)
	if (!strcmp(insn, "mov-load")) {
		uint32_t a;
		__asm__ volatile("movl (%1), %0" : "=r"(a) : "r"(p) : "memory");
		printf("eax = 0x%08x\n", a);
	} else if (!strcmp(insn, "mov-store-ac")) {
		__asm__ volatile("pushfq; orq $0x40000, (%rsp); popfq");
		__asm__ volatile("movl %0, (%1)" : : "r"(0xa3a2a1a0u), "r"(p) : "memory");
		__asm__ volatile("pushfq; andq $~0x40000, (%rsp); popfq");
		printf("stored\n");
	} else if (!strcmp(insn, "lock-add")) {
		__asm__ volatile("lock addl $1, (%0)" : : "r"(p) : "memory");
		printf("stored\n");
	} else {
		return 2;
	}
#endif
	return 0;
}
