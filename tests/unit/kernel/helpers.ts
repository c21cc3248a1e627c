import { createWorld, O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC } from '../../../src/kernel';
import type { Host, KernelEvent, World } from '../../../src/kernel';

/** A default world with a login shell on each host and every event recorded. */
export function setup(seed = 1): {
	world: World;
	filer: Host;
	app: Host;
	build: Host;
	sh: { filer: number; app: number; build: number };
	events: KernelEvent[];
} {
	const world = createWorld({ seed });
	const events: KernelEvent[] = [];
	world.on((e) => events.push(e));
	const filer = world.host('filer');
	const app = world.host('app');
	const build = world.host('build');
	const sh = { filer: filer.login(), app: app.login(), build: build.login() };
	return { world, filer, app, build, sh, events };
}

/** cp SRC DST the way coreutils does on an existing target: O_WRONLY|O_TRUNC, then copy_file_range. */
export function cp(host: Host, pid: number, src: string, dst: string): boolean {
	const input = host.openat(pid, src, O_RDONLY);
	if (!input.ok) return false;
	const output = host.openat(pid, dst, O_WRONLY | O_CREAT | O_TRUNC, 0o755);
	if (!output.ok) {
		host.close(pid, input.value);
		return false;
	}
	const done = host.copyFileRange(pid, input.value, output.value, 1 << 30);
	host.close(pid, input.value);
	host.close(pid, output.value);
	return done.ok;
}

/** echo TEXT > PATH. */
export function writeFile(host: Host, pid: number, path: string, text: string): boolean {
	const fd = host.openat(pid, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
	if (!fd.ok) return false;
	const done = host.write(pid, fd.value, text);
	host.close(pid, fd.value);
	return done.ok;
}

/** cat PATH, decoded as latin1 char codes. */
export function readFile(host: Host, pid: number, path: string): string | null {
	const fd = host.openat(pid, path, O_RDONLY);
	if (!fd.ok) return null;
	const data = host.readAll(pid, fd.value);
	host.close(pid, fd.value);
	if (!data.ok) return null;
	let text = '';
	for (let i = 0; i < data.value.length; i += 8192) {
		text += String.fromCharCode(...data.value.subarray(i, i + 8192));
	}
	return text;
}

/** Events of one type. */
export function ofType<T extends KernelEvent['type']>(
	events: KernelEvent[],
	type: T,
): Array<Extract<KernelEvent, { type: T }>> {
	return events.filter((e): e is Extract<KernelEvent, { type: T }> => e.type === type);
}
