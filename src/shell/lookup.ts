/**
 * How bash finds the file a command name runs (findcmd.c, hashcmd.c): a search of the
 * directories in the shell's own PATH, and a table that remembers each name's file once found,
 * so that the next run of that name goes straight to it without looking again.
 */
import { utf8Encode, type Host } from '../kernel';
import { absPath } from './context';

/** One remembered name (hashlib.c BUCKET_CONTENTS): its file and how often it was looked up. */
interface Remembered {
	path: string;
	hits: number;
	/** When the name entered the table: bash puts a new name at the front of its bucket. */
	since: number;
}

/** hashcmd.c: FILENAME_HASH_BUCKETS. */
const BUCKETS = 256;

/** hashlib.c hash_string(): 32-bit FNV-1 of the name's bytes. */
function bucketOf(name: string): number {
	let h = 2166136261;
	const bytes = utf8Encode(name);
	for (let i = 0; i < bytes.length; i++) {
		h = Math.imul(h, 16777619) >>> 0;
		h = (h ^ bytes.charCodeAt(i)) >>> 0;
	}
	return h & (BUCKETS - 1);
}

/** bash's table of remembered command paths (the `hash` builtin shows it). */
export class CommandHash {
	#entries: Map<string, Remembered>;
	#next: number;

	constructor(from?: CommandHash) {
		this.#entries = new Map();
		this.#next = 0;
		if (from) {
			this.#next = from.#next;
			for (const [name, e] of from.#entries) this.#entries.set(name, { ...e });
		}
	}

	/** A forked shell's copy: what the child learns is lost when it exits. */
	fork(): CommandHash {
		return new CommandHash(this);
	}

	/** phash_search(): the remembered file, counting the look-up as a hit. */
	find(name: string): string | undefined {
		const e = this.#entries.get(name);
		if (e) e.hits++;
		return e?.path;
	}

	/** The remembered file without counting a hit. */
	peek(name: string): string | undefined {
		return this.#entries.get(name)?.path;
	}

	/** phash_insert(): a name already present keeps its place and gets the new file and count. */
	insert(name: string, path: string, hits: number): void {
		const e = this.#entries.get(name);
		if (e) {
			e.path = path;
			e.hits = hits;
		} else this.#entries.set(name, { path, hits, since: this.#next++ });
	}

	/** phash_remove(). */
	remove(name: string): boolean {
		return this.#entries.delete(name);
	}

	/** phash_flush(): `hash -r`, and any assignment to PATH. */
	clear(): void {
		this.#entries.clear();
	}

	/** The names in the order hash_walk() visits them: by bucket, newest first within one. */
	list(): { name: string; path: string; hits: number }[] {
		return [...this.#entries]
			.map(([name, e]) => ({ name, ...e, bucket: bucketOf(name) }))
			.sort((a, b) => a.bucket - b.bucket || b.since - a.since)
			.map(({ name, path, hits }) => ({ name, path, hits }));
	}
}

/** What a search of PATH found. */
export type Found =
	/** An executable file (the first one in PATH order). */
	| { kind: 'file'; path: string }
	/** No PATH at all (unset or empty): bash tries the name as it is, in the current directory. */
	| { kind: 'bare'; path: string }
	| { kind: 'none' };

/**
 * find_user_command_in_path() with FS_EXEC_PREFERRED|FS_NODIRS: the first executable file named
 * `name` in the directories of PATH (an empty entry is the current directory). Failing that,
 * the first file without execute permission, which bash runs anyway to report that it cannot
 * (Permission denied). Directories of that name are passed over.
 */
export function searchPath(
	host: Host,
	cwd: string,
	pathVar: string | undefined,
	name: string,
): Found {
	if (pathVar === undefined || pathVar === '') return { kind: 'bare', path: name };
	let loser: string | null = null;
	for (const path of pathCandidates(pathVar, name)) {
		const status = host.peekExecStatus(absPath(cwd, path));
		if (status === 'exec') return { kind: 'file', path };
		if (status === 'other' && loser === null) loser = path;
	}
	return loser === null ? { kind: 'none' } : { kind: 'file', path: loser };
}

/** The file `name` would be in each directory of PATH, in order (an empty entry is `.`). */
export function pathCandidates(pathVar: string, name: string): string[] {
	return pathVar.split(':').map((entry) => (entry === '' ? `./${name}` : `${entry}/${name}`));
}
