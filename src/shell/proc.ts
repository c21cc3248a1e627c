/**
 * The /proc files the shell renders from the kernel's introspection calls. The kernel keeps
 * /proc as a bare mount point; these texts copy the formats of fs/proc (task_mmu.c, meminfo.c,
 * proc_namespace.c) so that tools reading them look right.
 */
import type { Errno, Host, MapsEntry, MemInfo } from '../kernel';
import { strerror } from '../kernel';

/** Uint8Array → a string of char codes 0–255 (the kernel's byte-string form). */
export function bytesToBinary(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 8192) {
		out += String.fromCharCode(...bytes.subarray(i, i + 8192));
	}
	return out;
}

/**
 * Decodes UTF-8 bytes held as a char-code string, replacing malformed sequences with U+FFFD as
 * a terminal does (binary files can be cat'ed).
 */
export function decodeUtf8(bytes: string): string {
	// Plain ASCII, by far the most common case, needs no work.
	if (!/[\x80-\xff]/.test(bytes)) return bytes;
	const parts: string[] = [];
	let i = 0;
	const n = bytes.length;
	while (i < n) {
		const b = bytes.charCodeAt(i);
		if (b < 0x80) {
			let j = i + 1;
			while (j < n && bytes.charCodeAt(j) < 0x80) j++;
			parts.push(bytes.slice(i, j));
			i = j;
			continue;
		}
		const need = b >> 5 === 6 ? 1 : b >> 4 === 14 ? 2 : b >> 3 === 30 ? 3 : -1;
		let cp = need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
		let ok = need > 0 && i + need < n;
		for (let k = 1; ok && k <= need; k++) {
			const c = bytes.charCodeAt(i + k);
			if (c >> 6 !== 2) ok = false;
			else cp = (cp << 6) | (c & 0x3f);
		}
		if (ok && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
			parts.push(String.fromCodePoint(cp));
			i += need + 1;
		} else {
			parts.push('\ufffd');
			i++;
		}
	}
	return parts.join('');
}

/** A /proc file's text, or the errno reading it gives. */
export type ProcRead = { ok: true; text: string } | { ok: false; errno: Errno };

const hexAddr = (n: number): string => n.toString(16).padStart(8, '0');

/** One /proc/PID/maps line: fields, then the path padded to column 74 (show_map_vma). */
export function formatMapsLine(e: MapsEntry): string {
	const head = `${hexAddr(e.start)}-${hexAddr(e.end)} ${e.perms} ${e.offset.toString(16).padStart(8, '0')} ${e.dev} ${e.inode} `;
	return e.path === '' ? head : head.padEnd(73) + e.path;
}

/** /proc/meminfo: each label padded to 16 columns and the value to 8 (show_val_kb). */
export function formatMeminfo(m: MemInfo): string {
	const rows: [string, number][] = [
		['MemTotal', m.memTotal],
		['MemFree', m.memFree],
		['MemAvailable', m.memAvailable],
		['Buffers', m.buffers],
		['Cached', m.cached],
		['SwapCached', 0],
		['Active', m.activeFile + m.anonPages],
		['Inactive', m.inactiveFile],
		['Active(anon)', m.anonPages],
		['Inactive(anon)', 0],
		['Active(file)', m.activeFile],
		['Inactive(file)', m.inactiveFile],
		['Unevictable', 0],
		['Mlocked', 0],
		['SwapTotal', 0],
		['SwapFree', 0],
		['Dirty', 0],
		['Writeback', 0],
		['AnonPages', m.anonPages],
		['Mapped', m.mapped],
		['Shmem', m.shmem],
	];
	return rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB\n`).join('');
}

/**
 * /proc/uptime: seconds since boot (CLOCK_BOOTTIME) and idle seconds summed over CPUs, both
 * cut to hundredths (fs/proc/uptime.c). The simulation accounts no CPU time to any process (ps
 * shows TIME 0:00), so its one CPU has been idle all along.
 */
export function formatUptime(ms: number): string {
	const centis = Math.floor(ms / 10);
	const text = `${Math.floor(centis / 100)}.${String(centis % 100).padStart(2, '0')}`;
	return `${text} ${text}\n`;
}

/** The pid a /proc path names (`self` is the reading process), or null. */
function procPid(seg: string | undefined, self: number): number | null {
	if (seg === 'self') return self;
	return seg !== undefined && /^\d+$/.test(seg) ? Number(seg) : null;
}

/** Reads a /proc file as process `self` would. */
export function procRead(host: Host, path: string, self: number): ProcRead {
	const parts = path.split('/').filter(Boolean).slice(1);
	const [a, b, c] = parts;
	if (parts.length === 0) return { ok: false, errno: 'EISDIR' };
	if (a === 'meminfo' && parts.length === 1)
		return { ok: true, text: formatMeminfo(host.meminfo()) };
	if (a === 'uptime' && parts.length === 1) return { ok: true, text: formatUptime(host.now()) };
	if (a === 'mounts' && parts.length === 1) {
		const text = host
			.mounts()
			.map((m) => `${m.source} ${m.target} ${m.type} ${m.options} 0 0\n`)
			.join('');
		return { ok: true, text };
	}
	if (a === 'sys') {
		const key = parts.slice(1).join('/');
		if (key === 'vm/drop_caches') {
			// The sysctl is write-only (mode 0200), even for root.
			const r = host.readDropCaches(self);
			return r.ok ? { ok: true, text: '' } : { ok: false, errno: r.errno };
		}
		if (key === 'kernel/core_pattern') return { ok: true, text: 'core\n' };
		if (key === 'kernel/hostname') return { ok: true, text: `${host.name}\n` };
		if (key === 'vm' || key === 'kernel' || key === '') return { ok: false, errno: 'EISDIR' };
		return { ok: false, errno: 'ENOENT' };
	}
	const pid = procPid(a, self);
	if (pid !== null) {
		const proc = host.process(pid);
		if (!proc) return { ok: false, errno: 'ENOENT' };
		if (b === undefined || (b === 'fd' && c === undefined)) return { ok: false, errno: 'EISDIR' };
		if (parts.length !== 2) {
			if (b === 'fd' && c !== undefined) {
				const entry = host.fdTable(pid).find((f) => String(f.fd) === c);
				return entry ? { ok: true, text: '' } : { ok: false, errno: 'ENOENT' };
			}
			return { ok: false, errno: 'ENOENT' };
		}
		switch (b) {
			case 'maps':
				return {
					ok: true,
					text: host
						.maps(pid)
						.map((e) => formatMapsLine(e) + '\n')
						.join(''),
				};
			case 'comm':
				return { ok: true, text: `${proc.comm}\n` };
			case 'cmdline':
				return { ok: true, text: proc.argv.map((x) => `${x}\0`).join('') };
			case 'status': {
				const state = { R: 'R (running)', S: 'S (sleeping)', T: 'T (stopped)', Z: 'Z (zombie)' }[
					proc.state
				];
				return {
					ok: true,
					text: `Name:\t${proc.comm}\nState:\t${state}\nPid:\t${proc.pid}\nPPid:\t${proc.ppid}\nVmRSS:\t${String(memoryKiB(proc).rss).padStart(8)} kB\n`,
				};
			}
			case 'exe': {
				const link = host.exeLink(pid);
				return link === null ? { ok: false, errno: 'ENOENT' } : { ok: true, text: '' };
			}
			default:
				return { ok: false, errno: 'ENOENT' };
		}
	}
	return { ok: false, errno: 'ENOENT' };
}

/** What a /proc path is, for ls and stat: a directory, a file, a link, or nothing. */
export function procKind(host: Host, path: string, self: number): 'dir' | 'file' | 'link' | null {
	const parts = path.split('/').filter(Boolean).slice(1);
	if (parts.length === 0) return 'dir';
	const [a, b, c] = parts;
	if (a === 'self' && parts.length === 1) return 'link';
	if (a === 'sys') {
		const key = parts.slice(1).join('/');
		if (key === '' || key === 'vm' || key === 'kernel') return 'dir';
		return ['vm/drop_caches', 'kernel/core_pattern', 'kernel/hostname'].includes(key)
			? 'file'
			: null;
	}
	if ((a === 'meminfo' || a === 'mounts' || a === 'uptime') && parts.length === 1) return 'file';
	const pid = procPid(a, self);
	if (pid === null || !host.process(pid)) return null;
	if (b === undefined) return 'dir';
	if (b === 'fd') {
		if (c === undefined) return 'dir';
		return host.fdTable(pid).some((f) => String(f.fd) === c) && parts.length === 3 ? 'link' : null;
	}
	if (parts.length !== 2) return null;
	if (b === 'exe' || b === 'cwd') return host.process(pid)?.exe || b === 'cwd' ? 'link' : null;
	return ['maps', 'comm', 'cmdline', 'status'].includes(b) ? 'file' : null;
}

/** The target of a /proc symbolic link (`exe`, `cwd`, `fd/N`, `self`). */
export function procReadlink(host: Host, path: string, self: number): string | null {
	const parts = path.split('/').filter(Boolean).slice(1);
	const [a, b, c] = parts;
	if (a === 'self' && parts.length === 1) return String(self);
	const pid = procPid(a, self);
	if (pid === null) return null;
	const proc = host.process(pid);
	if (!proc) return null;
	if (b === 'exe' && parts.length === 2) return host.exeLink(pid);
	if (b === 'cwd' && parts.length === 2) return proc.cwd;
	if (b === 'fd' && c !== undefined && parts.length === 3) {
		return host.fdTable(pid).find((f) => String(f.fd) === c)?.path ?? null;
	}
	return null;
}

/** Entries of a /proc directory. */
export function procList(host: Host, path: string, self: number): string[] | null {
	const parts = path.split('/').filter(Boolean).slice(1);
	if (parts.length === 0) {
		const pids = host
			.processes()
			.filter((p) => p.state !== 'Z' || true)
			.map((p) => String(p.pid));
		return [...pids, 'meminfo', 'mounts', 'self', 'sys', 'uptime'];
	}
	const [a, b] = parts;
	if (a === 'sys') {
		const key = parts.slice(1).join('/');
		if (key === '') return ['kernel', 'vm'];
		if (key === 'vm') return ['drop_caches'];
		if (key === 'kernel') return ['core_pattern', 'hostname'];
		return null;
	}
	const pid = procPid(a, self);
	if (pid === null || !host.process(pid)) return null;
	if (b === undefined) return ['cmdline', 'comm', 'cwd', 'exe', 'fd', 'maps', 'status'];
	if (b === 'fd' && parts.length === 2) return host.fdTable(pid).map((f) => String(f.fd));
	return null;
}

/**
 * Writes to a /proc file through a shell redirection (`echo 3 > /proc/sys/vm/drop_caches`).
 * Returns the writer's error text (`write error: …`), or null on success.
 */
export function procWrite(host: Host, path: string, text: string, pid: number): string | null {
	if (path === '/proc/sys/vm/drop_caches') {
		const r = host.writeDropCaches(pid, text);
		return r.ok ? null : `write error: ${strerror(r.errno)}`;
	}
	if (path === '/proc/sys/kernel/core_pattern') return `write error: ${strerror('EPERM')}`;
	return `write error: ${strerror('ENOENT')}`;
}

/**
 * A login bash's VSZ and RSS in KiB: bash 5.2.15 started as `bash -l` on Debian 12, as
 * `ps -o vsz,rss` showed it on the reference machine. The simulation does not map the shell's
 * own memory, so these stand in for it.
 */
export const LOGIN_BASH_KIB = { vsz: 4724, rss: 3884 } as const;

/**
 * A process's VSZ and RSS in KiB as ps and /proc/PID/status compute them (task_vsize and
 * get_mm_rss): every mapping counts toward VSZ; RSS is its anonymous pages plus the file pages
 * it has page table entries for.
 */
export function memoryKiB(proc: {
	comm: string;
	vmas: readonly { start: number; end: number; fsId?: string; ptes: Record<string, 1> }[];
	anonPages: number;
}): { vsz: number; rss: number } {
	if (proc.vmas.length === 0 && proc.comm === 'bash') return LOGIN_BASH_KIB;
	let vsz = 0;
	let filePages = 0;
	for (const v of proc.vmas) {
		vsz += (v.end - v.start) / 1024;
		if (v.fsId !== undefined) filePages += Object.keys(v.ptes).length;
	}
	return { vsz: Math.round(vsz), rss: (proc.anonPages + filePages) * 4 };
}
