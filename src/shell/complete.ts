/**
 * Tab completion as bash does it without programmable completion: the first word completes
 * against command names (or paths, when it contains a slash), later words against file names.
 * Directories get a trailing slash.
 */

/** What completion needs from the shell. */
export interface CompleteSource {
	commands(): string[];
	/** Entries of an absolute directory path (without `.` and `..`), or null. */
	readdir(dir: string): string[] | null;
	/** Whether an absolute path is a directory (stat). */
	isDir(path: string): boolean;
	cwd: string;
	home: string;
}

/** The start of the word the cursor is in and its full candidate replacements. */
export function completeLine(
	line: string,
	cursor: number,
	src: CompleteSource,
): { start: number; candidates: string[] } {
	const before = line.slice(0, cursor);
	const m = /[^\s;&|<>]*$/.exec(before);
	const word = m ? m[0] : '';
	const start = cursor - word.length;
	const head = before.slice(0, start);
	// The first word of a command follows the start of the line or an operator.
	const isCommand =
		/(^|[;&|]\s*|&&\s*|\|\|\s*)$/.test(head.trimEnd() === '' ? '' : head) || head.trim() === '';
	if (isCommand && !word.includes('/')) {
		const candidates = src.commands().filter((c) => c.startsWith(word));
		return { start, candidates: [...new Set(candidates)].sort() };
	}
	return { start, candidates: completePath(word, src) };
}

function completePath(word: string, src: CompleteSource): string[] {
	const slash = word.lastIndexOf('/');
	const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
	const base = slash >= 0 ? word.slice(slash + 1) : word;
	let dir = dirPart === '' ? src.cwd : dirPart;
	if (dir.startsWith('~')) dir = src.home + dir.slice(1);
	if (!dir.startsWith('/')) dir = `${src.cwd === '/' ? '' : src.cwd}/${dir}`;
	const absDir = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
	const entries = src.readdir(absDir) ?? [];
	const out: string[] = [];
	for (const name of entries.slice().sort()) {
		if (!name.startsWith(base)) continue;
		if (name.startsWith('.') && !base.startsWith('.')) continue;
		const full = `${absDir === '/' ? '' : absDir}/${name}`;
		const isDir = src.isDir(full);
		out.push(dirPart + name + (isDir ? '/' : ''));
	}
	return out;
}
