/**
 * What the real-kernel run needs from this machine, and how to get what is missing on Debian.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A missing prerequisite and the Debian package (if any) that provides it. */
export interface Missing {
	what: string;
	package?: string;
}

/** Commands the run calls, with the Debian package of each. */
const COMMANDS: ReadonlyArray<readonly [string, string]> = [
	['bindfs', 'bindfs'],
	['fusermount3', 'fuse3'],
	['gcc', 'gcc'],
	['script', 'bsdutils'],
	['rsync', 'rsync'],
	['dd', 'coreutils'],
	['dmesg', 'util-linux'],
	['qemu-aarch64', 'qemu-user'],
	['qemu-arm', 'qemu-user'],
	['aarch64-linux-gnu-gcc', 'gcc-aarch64-linux-gnu'],
	['arm-linux-gnueabihf-gcc', 'gcc-arm-linux-gnueabihf'],
];

/** Headers and libraries checked by path, with their packages. */
const FILES: ReadonlyArray<readonly [string, string]> = [
	['/usr/include/stdio.h', 'libc6-dev'],
	['/usr/aarch64-linux-gnu/include/stdio.h', 'libc6-dev-arm64-cross'],
	['/usr/arm-linux-gnueabihf/include/stdio.h', 'libc6-dev-armhf-cross'],
];

function onPath(command: string): boolean {
	try {
		execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Everything this machine lacks for the run; empty when it can run. */
export function missingPrerequisites(): Missing[] {
	const missing: Missing[] = [];
	if (process.getuid?.() !== 0) {
		missing.push({ what: 'root (mounting tmpfs and FUSE, writing core_pattern): run as root' });
	}
	if (!existsSync('/dev/fuse')) missing.push({ what: '/dev/fuse (load the fuse module)' });
	if (!existsSync('/proc/sys/kernel/core_pattern')) {
		missing.push({ what: '/proc/sys/kernel/core_pattern (a Linux /proc)' });
	}
	for (const [command, pkg] of COMMANDS) {
		if (!onPath(command)) missing.push({ what: `the command ${command}`, package: pkg });
	}
	for (const [path, pkg] of FILES) {
		if (!existsSync(path)) missing.push({ what: path, package: pkg });
	}
	if (missing.length === 0) {
		const failure = mountFailure();
		if (failure) missing.push({ what: failure });
		// Two scenarios read the kernel's log; a container may forbid it (syslog(2), EPERM).
		try {
			execFileSync('dmesg', [], { stdio: 'ignore' });
		} catch {
			missing.push({ what: 'a readable kernel log (dmesg failed; check kernel.dmesg_restrict)' });
		}
	}
	return missing;
}

/**
 * Tries the two mounts the run makes (bindfs and tmpfs) once: a container can have every
 * package and /dev/fuse and still lack the privilege to mount. Returns what failed, or null.
 */
function mountFailure(): string | null {
	const dir = mkdtempSync(join(tmpdir(), 'bus-error-check-'));
	const [back, mnt, shm] = ['back', 'mnt', 'shm'].map((d) => join(dir, d)) as [
		string,
		string,
		string,
	];
	for (const d of [back, mnt, shm]) mkdirSync(d);
	const attempt = (what: string, command: string, args: string[], target: string) => {
		try {
			execFileSync(command, args, { stdio: 'pipe' });
		} catch (error) {
			return `a working ${what} mount (${command} failed: ${String(error).split('\n')[0]})`;
		}
		try {
			execFileSync('umount', [target], { stdio: 'ignore' });
		} catch {
			execFileSync('umount', ['-l', target], { stdio: 'ignore' });
		}
		return null;
	};
	try {
		return (
			attempt('FUSE (bindfs)', 'bindfs', ['--no-allow-other', back, mnt], mnt) ??
			attempt('tmpfs', 'mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', shm], shm)
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The message printed when something is missing: what, and the apt-get line that fixes it. */
export function describeMissing(missing: readonly Missing[]): string {
	const packages = [...new Set(missing.flatMap((m) => (m.package ? [m.package] : [])))];
	const lines = ['The real-kernel run needs:', ...missing.map((m) => `  - ${m.what}`)];
	if (packages.length > 0) {
		lines.push(
			'Install with:',
			`  apt-get install -y --no-install-recommends ${packages.join(' ')}`,
		);
	}
	return lines.join('\n');
}
