/**
 * Linux errno values and strerror() messages (include/uapi/asm-generic/errno-base.h, errno.h;
 * messages as printed by glibc's strerror).
 */
export const errnoTable = {
	EPERM: [1, 'Operation not permitted'],
	ENOENT: [2, 'No such file or directory'],
	ESRCH: [3, 'No such process'],
	EINTR: [4, 'Interrupted system call'],
	EIO: [5, 'Input/output error'],
	ENXIO: [6, 'No such device or address'],
	E2BIG: [7, 'Argument list too long'],
	ENOEXEC: [8, 'Exec format error'],
	EBADF: [9, 'Bad file descriptor'],
	ECHILD: [10, 'No child processes'],
	EAGAIN: [11, 'Resource temporarily unavailable'],
	ENOMEM: [12, 'Cannot allocate memory'],
	EACCES: [13, 'Permission denied'],
	EFAULT: [14, 'Bad address'],
	EBUSY: [16, 'Device or resource busy'],
	EEXIST: [17, 'File exists'],
	EXDEV: [18, 'Invalid cross-device link'],
	ENODEV: [19, 'No such device'],
	ENOTDIR: [20, 'Not a directory'],
	EISDIR: [21, 'Is a directory'],
	EINVAL: [22, 'Invalid argument'],
	EMFILE: [24, 'Too many open files'],
	ENOTTY: [25, 'Inappropriate ioctl for device'],
	ETXTBSY: [26, 'Text file busy'],
	EFBIG: [27, 'File too large'],
	ENOSPC: [28, 'No space left on device'],
	ESPIPE: [29, 'Illegal seek'],
	EROFS: [30, 'Read-only file system'],
	EMLINK: [31, 'Too many links'],
	EPIPE: [32, 'Broken pipe'],
	ENAMETOOLONG: [36, 'File name too long'],
	ENOSYS: [38, 'Function not implemented'],
	ENOTEMPTY: [39, 'Directory not empty'],
	ELOOP: [40, 'Too many levels of symbolic links'],
	EOPNOTSUPP: [95, 'Operation not supported'],
	ESTALE: [116, 'Stale file handle'],
} as const satisfies Record<string, readonly [number, string]>;

/** An errno name such as 'ETXTBSY'. */
export type Errno = keyof typeof errnoTable;

/** The number of an errno name (ETXTBSY → 26). */
export function errnoNumber(name: Errno): number {
	return errnoTable[name][0];
}

/** The strerror(3) message of an errno name (ETXTBSY → 'Text file busy'). */
export function strerror(name: Errno): string {
	return errnoTable[name][1];
}

/** The errno name of a number, if Linux defines it here. */
export function errnoName(code: number): Errno | undefined {
	for (const [name, [value]] of Object.entries(errnoTable)) {
		if (value === code) return name as Errno;
	}
	return undefined;
}

/** The result of a system call: a value, or the errno it failed with. */
export type SysResult<T> = { ok: true; value: T } | { ok: false; errno: Errno };

/** Wraps a successful value. */
export function ok<T>(value: T): SysResult<T> {
	return { ok: true, value };
}

/** Wraps a failure. */
export function fail<T = never>(errno: Errno): SysResult<T> {
	return { ok: false, errno };
}
