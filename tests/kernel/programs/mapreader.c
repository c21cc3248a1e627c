/*
 * mapreader FILE: maps FILE shared and reads every page, now and every 100 ms, like the simulated
 * mapreader (src/kernel/programs.ts). Truncating FILE under it leaves pages wholly beyond the new
 * end of file, and the next read of one raises SIGBUS with BUS_ADRERR (mmap(2), "Errors": SIGBUS
 * "Attempted access to a page of the buffer that lies beyond the end of the mapped file").
 */
#include "fault-log.h"
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
	fault_log_install();
	if (argc < 2) {
		fprintf(stderr, "usage: mapreader FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "mapreader: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	struct stat st;
	fstat(fd, &st);
	if (st.st_size == 0) {
		fprintf(stderr, "mapreader: %s: file is empty\n", argv[1]);
		return 1;
	}
	size_t size = (size_t)st.st_size;
	volatile const char *map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		fprintf(stderr, "mapreader: mmap: %s\n", strerror(errno));
		return 1;
	}
	long page = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int first = 1;; first = 0) {
		unsigned sum = 0;
		for (size_t off = 0; off < size; off += (size_t)page) sum += (unsigned char)map[off];
		(void)sum;
		if (first)
			printf("mapreader: mapped %s (%zu bytes, %zu pages)\n", argv[1], size,
			       (size + (size_t)page - 1) / (size_t)page);
		usleep(100000);
	}
}
