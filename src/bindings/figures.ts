/**
 * The chapters' inline figures: for each one, the short command script it runs and which files
 * and programs it follows. The pictures themselves are not written here: figure-frames.ts runs
 * each script through the simulation at build time and draws what the world did, so a change in
 * the engine's behaviour changes the figure (and the figure tests say which prose is now wrong).
 * This module has no engine imports, so the prose controls can check their step ids against it.
 */
import type { Host, LogEntry } from './permalink';

/** One step of a figure: what the prose calls it, and the command lines it runs. */
export interface FigureStep {
	/** Stable id the prose controls use (`<Show figure="…" step="…">`). */
	id: string;
	/** The words of the step button: short, the prose's own. */
	label: string;
	/** Command lines run for this step, on the figure's host unless an entry names another. */
	run: ReadonlyArray<string | LogEntry>;
}

/** A file the figure follows: its inode stays in the picture after its names change or go. */
export interface FigurePath {
	host: Host;
	path: string;
}

export interface FigureScript {
	id: string;
	/** The figure's caption: the one idea it shows. */
	title: string;
	host: Host;
	/** Lines run silently before the first frame. */
	setup: readonly string[];
	/** Files to follow, by any name they have when first seen. */
	files?: readonly FigurePath[];
	/** Programs to follow, by the path they were started from. */
	programs?: readonly FigurePath[];
	/** Show the path each program was started from (where that path still means its file). */
	exe?: boolean;
	/** Show a table of the signals page faults raised, built up step by step. */
	signals?: boolean;
	/** Show the NFS calls each step sent. */
	wire?: boolean;
	steps: readonly FigureStep[];
}

const app = (path: string): FigurePath => ({ host: 'app', path });
const filer = (path: string): FigurePath => ({ host: 'filer', path });

export const FIGURES: Record<string, FigureScript> = {
	links: {
		id: 'links',
		title:
			'Names point at inodes. The link count is how many names an inode has; the inode is freed only when it has no names and nothing is using it.',
		host: 'app',
		setup: [],
		files: [app('/opt/app/bin/server'), app('/root/server-v2')],
		steps: [
			{ id: 'start', label: 'Two names, two inodes', run: [] },
			{ id: 'ln', label: 'Add a second name', run: ['ln /opt/app/bin/server /root/server-old'] },
			{ id: 'rm', label: 'Remove a name', run: ['rm /opt/app/bin/server'] },
			{
				id: 'mv',
				label: 'Move a name onto the new build',
				run: ['mv /root/server-v2 /opt/app/bin/server'],
			},
			{
				id: 'run-rm',
				label: 'Run the old file, then remove its last name',
				run: ['/root/server-old &', 'rm /root/server-old'],
			},
			{ id: 'kill', label: 'Stop the program', run: ['kill %1', 'wait'] },
		],
	},
	pages: {
		id: 'pages',
		title:
			'A running program is mapped, not loaded: its text pages come into memory one fault at a time, when the code on them first runs.',
		host: 'app',
		setup: [],
		files: [app('/opt/app/bin/server')],
		programs: [app('/opt/app/bin/server')],
		steps: [
			{ id: 'file', label: 'The file on disk', run: [] },
			{ id: 'exec', label: 'Start the server', run: ['/opt/app/bin/server &'] },
			{ id: 'reload', label: 'Make it reload (cold code)', run: ['kill -HUP %1'] },
		],
	},
	busy: {
		id: 'busy',
		title:
			'Overwriting a running binary opens its own inode for writing, which the kernel refuses; installing creates a new inode and leaves the old one to the program that runs it.',
		host: 'app',
		setup: ['/opt/app/bin/server &'],
		files: [app('/opt/app/bin/server')],
		programs: [app('/opt/app/bin/server')],
		steps: [
			{ id: 'running', label: 'The server runs from inode 63', run: [] },
			{
				id: 'cp',
				label: 'cp into the same inode',
				run: ['cp /root/server-v2 /opt/app/bin/server'],
			},
			{
				id: 'install',
				label: 'install a new inode',
				run: ['install /root/server-v2 /opt/app/bin/server'],
			},
			{ id: 'reload', label: 'Reload the old server', run: ['kill -HUP %1'] },
			{ id: 'exit', label: 'Stop the old server', run: ['kill %1', 'wait'] },
		],
	},
	attrs: {
		id: 'attrs',
		title:
			'app trusts its cached attributes of a file on the filer until a timer runs out, and opening the file checks them at once.',
		host: 'app',
		setup: ['/mnt/nfs/bin/server &'],
		files: [app('/mnt/nfs/bin/server'), { host: 'filer', path: '/export/bin/server' }],
		wire: true,
		steps: [
			{ id: 'running', label: 'Both agree', run: [] },
			{
				id: 'deploy',
				label: 'build writes v2',
				run: ['ssh build cp /root/out/server /mnt/nfs/bin/server'],
			},
			{ id: 'stat', label: 'ls -l on app', run: ['ls -l /mnt/nfs/bin/server'] },
			{ id: 'open', label: 'Open the file on app', run: ['head -c 0 /mnt/nfs/bin/server'] },
			{ id: 'wait', label: 'Wait 3 seconds', run: ['sleep 3'] },
			{ id: 'recheck', label: 'ls -l again', run: ['ls -l /mnt/nfs/bin/server'] },
		],
	},
	reclaim: {
		id: 'reclaim',
		title:
			'A replaced binary runs on the pages it has. Reclaim takes the cold ones, and the next fault on one of them has nothing left to read.',
		host: 'app',
		setup: ['ulimit -c unlimited', '/mnt/nfs/bin/server &'],
		programs: [app('/mnt/nfs/bin/server')],
		steps: [
			{ id: 'reload', label: 'Reload before the deploy', run: ['kill -HUP %1'] },
			{
				id: 'deploy',
				label: 'Deploy with install',
				run: ['ssh build install /root/out/server /mnt/nfs/bin/server', 'sleep 10'],
			},
			{ id: 'again', label: 'Reload again', run: ['kill -HUP %1'] },
			{ id: 'memhog', label: 'Memory pressure', run: ['memhog 160M'] },
			{ id: 'fault', label: 'Reload once more', run: ['kill -HUP %1', 'sleep 1'] },
		],
	},
	releases: {
		id: 'releases',
		title:
			'Each build lives in a directory of its own and a symbolic link picks the current one, so switching the link never touches a file that is running.',
		host: 'app',
		setup: [
			'ulimit -c unlimited',
			'mkdir /mnt/nfs/releases',
			'mkdir /mnt/nfs/releases/v1',
			'mv /mnt/nfs/bin/server /mnt/nfs/releases/v1/server',
			'ln -s ../releases/v1/server /mnt/nfs/bin/server',
			'/mnt/nfs/bin/server &',
		],
		files: [
			filer('/export/bin/server'),
			filer('/export/releases/v1/server'),
			filer('/export/releases/v2/server'),
		],
		programs: [app('/mnt/nfs/releases/v1/server'), app('/mnt/nfs/releases/v2/server')],
		exe: true,
		steps: [
			{ id: 'v1', label: 'The link points at v1', run: [] },
			{
				id: 'copy',
				label: 'Write v2 in its own directory',
				run: [
					'ssh build mkdir /mnt/nfs/releases/v2',
					'ssh build cp /root/out/server /mnt/nfs/releases/v2/server',
				],
			},
			{
				id: 'switch',
				label: 'Switch the link',
				run: [
					'ssh build ln -s ../releases/v2/server /mnt/nfs/bin/server.new',
					'ssh build mv /mnt/nfs/bin/server.new /mnt/nfs/bin/server',
				],
			},
			{ id: 'reload', label: 'Reload the old server', run: ['kill -HUP %1'] },
			{
				id: 'start',
				label: 'A minute later, start one more',
				run: ['sleep 60', '/mnt/nfs/bin/server &'],
			},
		],
	},
	sigbus: {
		id: 'sigbus',
		title:
			'Different causes, one signal: every SIGBUS here comes from a page fault the kernel could not satisfy, and each carries the same si_code.',
		host: 'app',
		setup: ['ulimit -c unlimited'],
		files: [app('/root/data.bin')],
		signals: true,
		steps: [
			{
				id: 'map',
				label: 'Map a 64 KiB file',
				run: ['truncate -s 64k /root/data.bin', 'mapreader /root/data.bin &'],
			},
			{ id: 'truncate', label: 'Truncate it to 4 KiB', run: ['truncate -s 4k /root/data.bin'] },
			{ id: 'shm', label: 'Overfill /dev/shm', run: ['shmwriter 100M'] },
			{
				id: 'nfs',
				label: 'Truncate a running binary on the filer',
				run: [
					'/mnt/nfs/bin/server &',
					'ssh filer truncate -s 0 /export/bin/server',
					'kill -HUP %1',
					'sleep 1',
				],
			},
		],
	},
};

/** A figure's script, or a clear build error for an unknown id. */
export function figureScript(id: string): FigureScript {
	const script = FIGURES[id];
	if (!script) throw new Error(`No figure "${id}" (see src/bindings/figures.ts)`);
	return script;
}

/** The index of a step in a figure, or a clear build error for an unknown step id. */
export function stepIndex(figure: string, step: string): number {
	const index = figureScript(figure).steps.findIndex((s) => s.id === step);
	if (index < 0) throw new Error(`Figure "${figure}" has no step "${step}"`);
	return index;
}
