/**
 * Writes what a command did to the hidden state as plain sentences, for the lab's live region and
 * its "What changed" list. Events arrive by the hundred (every page fault, every RPC), so they are
 * grouped: one sentence per kind of change and file, in the order they first happened.
 */
import type { KernelEvent } from '../kernel';

/** Processes worth narrating: anything but the shells and one-shot utilities the shell runs. */
export interface NarrationContext {
	/** Pids (per host) of the programs the drawing shows, before and after the command. */
	watched: ReadonlySet<string>;
}

const MAX_SENTENCES = 8;

const isSystemPath = (path: string) => /^\/(usr|bin|sbin|lib)\//.test(path);

function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** Describes an exit the way the drawing labels a dead process. */
export function describeExit(event: Extract<KernelEvent, { type: 'exit' }>): string {
	const s = event.status;
	if (s.kind === 'exited') return `exited with status ${s.code}`;
	const names: Record<string, string> = {
		SIGBUS: 'Bus error',
		SIGSEGV: 'Segmentation fault',
		SIGILL: 'Illegal instruction',
		SIGKILL: 'Killed',
		SIGTERM: 'Terminated',
		SIGHUP: 'Hangup',
		SIGINT: 'Interrupt',
	};
	const name = names[s.signal] ? ` (${names[s.signal]})` : '';
	return `killed by ${s.signal}${name}${s.core ? ', core dumped' : ''}`;
}

/** Sentences for one command's events, at most eight, most important first. */
export function narrate(events: readonly KernelEvent[], ctx: NarrationContext): string[] {
	const urgent: string[] = [];
	const rest: string[] = [];
	const groups = new Map<string, { first: number; make: () => string }>();
	const counts = new Map<string, number>();
	const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
	const group = (key: string, make: () => string) => {
		if (!groups.has(key)) groups.set(key, { first: groups.size, make });
	};
	const rpcOps = new Map<string, Map<string, number>>();
	let clock = 0;

	for (const e of events) {
		switch (e.type) {
			case 'exit':
				if (e.status.kind === 'signaled' || ctx.watched.has(`${e.host}:${e.pid}`)) {
					const sentence = `On ${e.host}, ${e.comm} (pid ${e.pid}) ${describeExit(e)}.`;
					(e.status.kind === 'signaled' ? urgent : rest).push(sentence);
				}
				break;
			case 'fault':
				if (e.outcome !== 'ok') {
					urgent.push(
						`On ${e.host}, ${e.comm} (pid ${e.pid}) touched page ${e.page} of ${e.path}, and the fault raised ${e.outcome}.`,
					);
				} else if (e.kind === 'major' && !isSystemPath(e.path)) {
					const key = `major:${e.host}:${e.path}`;
					bump(key);
					group(
						key,
						() =>
							`On ${e.host}, ${plural(counts.get(key) ?? 0, 'page')} of ${e.path} had to be read in from the file (major faults).`,
					);
				}
				break;
			case 'signal':
				if (e.disposition === 'handled') {
					rest.push(`On ${e.host}, ${e.comm} (pid ${e.pid}) caught ${e.signal}.`);
				}
				break;
			case 'syscall':
				if (e.errno === 'ETXTBSY') {
					urgent.push(
						`On ${e.host}, ${e.comm} was refused: ${e.name} failed with ETXTBSY (Text file busy).`,
					);
				}
				break;
			case 'rpc': {
				const key = `${e.client}→${e.server}`;
				const ops = rpcOps.get(key) ?? new Map<string, number>();
				ops.set(e.op, (ops.get(e.op) ?? 0) + 1);
				rpcOps.set(key, ops);
				group(`rpc:${key}`, () => {
					const list = [...ops].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ');
					return `${e.client} sent ${plural(
						[...ops.values()].reduce((a, b) => a + b, 0),
						'NFS call',
					)} to ${e.server}: ${list}.`;
				});
				if (e.status !== 'NFS3_OK' && e.status !== 'NFS3ERR_NOENT') {
					urgent.push(
						`${e.server} answered ${e.client}'s ${e.op}${e.name ? ` of ${e.name}` : ''} with ${e.status}.`,
					);
				}
				break;
			}
			case 'page-cache': {
				// System binaries (sleep, cat …) come and go with every command; they are noise here.
				if (isSystemPath(e.path)) break;
				const key = `pc:${e.action}:${e.host}:${e.path}:${e.reason ?? ''}`;
				counts.set(key, (counts.get(key) ?? 0) + e.pages.length);
				group(key, () => {
					const n = plural(counts.get(key) ?? 0, 'page');
					return e.action === 'add'
						? `On ${e.host}, ${n} of ${e.path} entered the page cache.`
						: `On ${e.host}, ${n} of ${e.path} left the page cache (${e.reason ?? 'evicted'}).`;
				});
				break;
			}
			case 'invalidate':
				urgent.push(
					`${e.host} saw that ${e.path} changed on the server and threw away its cached pages${
						e.unmapped.length ? `, unmapping them from pid ${e.unmapped.join(', ')}` : ''
					}.`,
				);
				break;
			case 'attr-cache':
				if (e.changed)
					rest.push(`${e.host} revalidated ${e.path} and found it changed on the server.`);
				break;
			case 'silly-rename':
				rest.push(
					`${e.host} renamed ${e.from} to ${e.to} instead of deleting it, because it is still in use.`,
				);
				break;
			case 'inode-freed':
				rest.push(`On ${e.host}, inode ${e.ino} was freed: no name and no user was left.`);
				break;
			case 'reclaim':
				if (e.freed > 0)
					rest.push(`${e.host} ran short of memory and reclaimed ${plural(e.freed, 'page')}.`);
				break;
			case 'exec':
				if (!['bash', 'sh'].includes(e.comm) && ctx.watched.has(`${e.host}:${e.pid}`)) {
					rest.push(`On ${e.host}, pid ${e.pid} started ${e.path}.`);
				}
				break;
			case 'clock':
				clock += e.delta;
				break;
			default:
				break;
		}
	}
	// Waiting commands advance the clock in many small steps; one sentence sums them up.
	if (clock >= 1000) {
		const s = Math.round(clock / 100) / 10;
		rest.push(`${s} simulated ${s === 1 ? 'second' : 'seconds'} passed.`);
	}
	const grouped = [...groups.values()].sort((a, b) => a.first - b.first).map((g) => g.make());
	return [...new Set([...urgent, ...rest, ...grouped])].slice(0, MAX_SENTENCES);
}
