/**
 * Headless runner: `npm run --silent sim -- [--seed N] FILE|-` runs one command line per line of
 * FILE (or standard input) in a fresh default world, logged in as root in /root on `app`, and
 * prints the transcript a terminal would show.
 */
import { readFileSync } from 'node:fs';
import { runScript } from '../shell/index';

const USAGE = 'usage: sim [--seed N] FILE|-\n';

function main(argv: string[]): number {
	let seed = 1;
	let file: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--seed') {
			const v = argv[++i];
			if (v === undefined || !/^\d+$/.test(v)) {
				process.stderr.write(`sim: --seed needs a non-negative integer\n${USAGE}`);
				return 2;
			}
			seed = Number(v);
		} else if (a.startsWith('--seed=')) {
			const v = a.slice(7);
			if (!/^\d+$/.test(v)) {
				process.stderr.write(`sim: --seed needs a non-negative integer\n${USAGE}`);
				return 2;
			}
			seed = Number(v);
		} else if (a === '-h' || a === '--help') {
			process.stdout.write(USAGE);
			return 0;
		} else if (a.startsWith('-') && a !== '-') {
			process.stderr.write(`sim: unknown option ${a}\n${USAGE}`);
			return 2;
		} else if (file === undefined) {
			file = a;
		} else {
			process.stderr.write(`sim: only one script file may be given\n${USAGE}`);
			return 2;
		}
	}
	if (file === undefined) {
		process.stderr.write(`sim: no script given\n${USAGE}`);
		return 2;
	}
	let text: string;
	try {
		text = readFileSync(file === '-' ? 0 : file, 'utf8');
	} catch (e) {
		const code = (e as { code?: string }).code;
		const why =
			code === 'ENOENT'
				? 'No such file or directory'
				: code === 'EISDIR'
					? 'Is a directory'
					: String(e);
		process.stderr.write(`sim: ${file}: ${why}\n`);
		return 2;
	}
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	process.stdout.write(runScript(lines, { seed }));
	return 0;
}

process.exitCode = main(process.argv.slice(2));
