/*
 * shmwriter SIZE [FILE]: writes SIZE bytes through a shared mapping of FILE (default
 * /dev/shm/shmwriter.dat), like the simulated shmwriter (src/kernel/programs.ts). ftruncate only
 * sets the size; tmpfs allocates each page at its first write (mm/shmem.c shmem_fault →
 * shmem_get_folio_gfp), and when the file system is full the fault ends in SIGBUS (BUS_ADRERR).
 */
#include "fault-log.h"
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

/* Parses 64M, 1G, 512k or 4096 (binary units). */
static long parse_size(const char *text) {
	char *end;
	long n = strtol(text, &end, 10);
	if (end == text || n <= 0) return -1;
	switch (*end) {
	case 'k': case 'K': n <<= 10; end++; break;
	case 'm': case 'M': n <<= 20; end++; break;
	case 'g': case 'G': n <<= 30; end++; break;
	}
	return *end == '\0' ? n : -1;
}

int main(int argc, char **argv) {
	fault_log_install();
	long size = argc > 1 ? parse_size(argv[1]) : -1;
	const char *path = argc > 2 ? argv[2] : "/dev/shm/shmwriter.dat";
	const char *shown = argc > 2 ? argv[2] : "/dev/shm/shmwriter.dat";
	/* The default path is the scenario's; the harness says where /dev/shm really is. */
	if (argc <= 2 && getenv("SHM_DIR")) {
		static char buf[4096];
		snprintf(buf, sizeof buf, "%s/shmwriter.dat", getenv("SHM_DIR"));
		path = buf;
	}
	if (size <= 0) {
		fprintf(stderr, "usage: shmwriter SIZE [FILE]\n");
		return 2;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		fprintf(stderr, "shmwriter: %s: %s\n", shown, strerror(errno));
		return 1;
	}
	if (ftruncate(fd, size) != 0) {
		fprintf(stderr, "shmwriter: ftruncate: %s\n", strerror(errno));
		return 1;
	}
	char *map = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		fprintf(stderr, "shmwriter: mmap: %s\n", strerror(errno));
		return 1;
	}
	long page = sysconf(_SC_PAGESIZE);
	for (long off = 0; off < size; off += page) map[off] = 1;
	printf("shmwriter: wrote %ld KiB to %s\n", (size + 1023) / 1024, shown);
	return 0;
}
