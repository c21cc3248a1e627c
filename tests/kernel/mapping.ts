/**
 * The one table that turns the simulated world into this machine. Each host's paths live under a
 * scratch folder; the NFS export is a plain folder (`export/`), and app's NFS mount is a bindfs
 * (FUSE) mount of it (`mnt/`). Writing to `export/` directly, as the filer and the build host do
 * here, changes the file behind the FUSE client's back, as another NFS client or the server does:
 * the client kernel cannot refuse it (linux-facts.md §3).
 */
import type { HostName } from '../scenarios/types';

/** Scenario path prefix → folder under the scratch root, per host. Longest prefixes first. */
export const pathMap: Record<HostName, ReadonlyArray<readonly [string, string]>> = {
	app: [
		['/usr/local/bin', 'bin'],
		['/opt/app', 'app/opt/app'],
		['/mnt/nfs', 'mnt'],
		['/dev/shm', 'shm'],
		['/root', 'app/root'],
		['/tmp', 'app/tmp'],
	],
	filer: [
		['/export', 'export'],
		['/root', 'filer/root'],
		['/tmp', 'filer/tmp'],
	],
	build: [
		// The build host's NFS mount writes straight into the export: the app host is not told.
		['/mnt/nfs', 'export'],
		['/root', 'build/root'],
		['/tmp', 'build/tmp'],
	],
};

/** The files every scenario starts with, as in the simulated world (src/kernel/README.md). */
export const initialFiles: ReadonlyArray<{ path: string; build: 'v1' | 'v2' }> = [
	{ path: 'app/opt/app/bin/server', build: 'v1' },
	{ path: 'export/bin/server', build: 'v1' },
	{ path: 'app/root/server-v2', build: 'v2' },
	{ path: 'build/root/out/server', build: 'v2' },
];

/** Folders that must exist before a scenario starts. */
export const initialDirs: readonly string[] = [
	'bin',
	'app/opt/app/bin',
	'app/root',
	'app/tmp',
	'mnt',
	'shm',
	'export/bin',
	'filer/root',
	'filer/tmp',
	'build/root/out',
	'build/tmp',
];

/** The working directory of each host's shell (every host logs in to /root). */
export function homeOf(host: HostName): string {
	return host === 'app' ? 'app/root' : `${host}/root`;
}

const boundary = String.raw`(^|[\s'"=<>|;&(])`;
const after = String.raw`(?=$|[/\s'"<>|;&)])`;

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Rewrites the scenario paths in a command line to this machine's, for the given host. One pass
 * with one pattern, so a path already rewritten (the scratch root may itself be under /tmp) is
 * never rewritten again.
 */
export function toReal(host: HostName, line: string, root: string): string {
	const table = new Map(pathMap[host]);
	const prefixes = [...table.keys()].sort((a, b) => b.length - a.length).map(escape);
	const pattern = new RegExp(`${boundary}(${prefixes.join('|')})${after}`, 'g');
	return line.replace(pattern, (_m, lead: string, virtual: string) => {
		return `${lead}${root}/${table.get(virtual) ?? ''}`;
	});
}

/** Rewrites this machine's paths in output back to the scenario's, for the given host. */
export function fromReal(host: HostName, text: string, root: string): string {
	const table = new Map(pathMap[host].map(([virtual, real]) => [`${root}/${real}`, virtual]));
	const reals = [...table.keys()].sort((a, b) => b.length - a.length).map(escape);
	const pattern = new RegExp(`(${reals.join('|')})${after}`, 'g');
	return text.replace(pattern, (real: string) => table.get(real) ?? real);
}

/** Splits `ssh HOST COMMAND` into the host and the command; anything else runs on app. */
export function splitHost(line: string): { host: HostName; command: string } {
	const m = /^ssh\s+(app|build|filer)\s+(.+)$/.exec(line.trim());
	if (!m) return { host: 'app', command: line };
	let command = m[2] ?? '';
	// One layer of quotes around the whole remote command is the local shell's, not the remote's.
	const quoted = /^'([^']*)'$/.exec(command) ?? /^"([^"]*)"$/.exec(command);
	if (quoted) command = quoted[1] ?? '';
	return { host: m[1] as HostName, command };
}
