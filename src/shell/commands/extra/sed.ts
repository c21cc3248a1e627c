/**
 * `sed` as GNU sed 4.9 runs it (sed/sed.c, execute.c): options -n -e -f -E/-r -i[SUFFIX] -s -z
 * -u, the commands of ./sed-script.ts, input read in st_blksize (4096-byte) pieces and output
 * written through a 4096-byte stdio buffer (line by line to a terminal). `sed -i` writes a new
 * file `sedXXXXXX` in the file's directory and renames it over the original, so it works on a
 * running program (no ETXTBSY) and the process keeps the old inode; over NFS, renaming over a
 * file the client has open makes the client's silly rename (`.nfs…`).
 */
import type { Errno } from '../../../kernel';
import { O_CREAT, O_EXCL, O_RDONLY, O_RDWR, utf8Encode } from '../../../kernel';
import type { CommandContext, CommandFn } from '../../context';
import { errText } from '../../context';
import { binaryToBytes } from '../../bytes';
import { bytesToBinary } from '../../proc';
import { getopt, UsageError } from '../../getopt';
import { stdinFd } from '../util';
import { tempSuffix } from '../files';
import { versionText } from './versions';
import type { Address, Command, Regex, ReplPart } from './sed-script';
import { compile, finish, NO_PREVIOUS_REGEX, SedError, SedUnsupported } from './sed-script';

/** What each read(2) asks for: stdio's buffer, st_blksize. */
const READ_SIZE = 4096;
/** stdio's output buffer. */
const WRITE_SIZE = 4096;

const USAGE = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;

/** sed's exit statuses (sed.h): bad usage 1, an input file missing 2, I/O trouble 4. */
const EXIT_BAD_USAGE = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_PANIC = 4;

/** Thrown for panic(): a message has been printed and sed exits 4 at once. */
class Panic {}

/** An output: stdout or the temporary file of -i, behind stdio's buffer. */
class Output {
	#buffer = '';
	/** The last thing written lacked its newline (a last line without one). */
	missingNewline = false;

	constructor(
		private readonly write: (bytes: string) => Errno | null,
		private readonly lineBuffered: boolean,
		private readonly name: string,
		private readonly ctx: CommandContext,
	) {}

	put(text: string): void {
		this.#buffer += text;
		if (this.lineBuffered) {
			const nl = this.#buffer.lastIndexOf('\n');
			if (nl >= 0) {
				this.#emit(this.#buffer.slice(0, nl + 1));
				this.#buffer = this.#buffer.slice(nl + 1);
			}
			return;
		}
		if (this.#buffer.length < WRITE_SIZE) return;
		const whole = this.#buffer.length - (this.#buffer.length % WRITE_SIZE);
		for (let at = 0; at < whole; at += WRITE_SIZE)
			this.#emit(this.#buffer.slice(at, at + WRITE_SIZE));
		this.#buffer = this.#buffer.slice(whole);
	}

	/** output_missing_newline, then the text and its newline when it had one. */
	line(text: string, newline: boolean, delimiter: string): void {
		if (this.missingNewline) this.put(delimiter);
		this.put(newline ? text + delimiter : text);
		this.missingNewline = !newline;
	}

	flush(): void {
		if (this.#buffer !== '') this.#emit(this.#buffer);
		this.#buffer = '';
	}

	#emit(bytes: string): void {
		const failed = this.write(bytes);
		if (failed !== null) {
			// utils.c ck_fwrite: "couldn't write %llu items to %s: %s".
			const items = bytes.length;
			this.ctx.err(
				`sed: couldn't write ${items} item${items === 1 ? '' : 's'} to ${this.name}: ${errText(failed)}\n`,
			);
			throw new Panic();
		}
	}
}

/** One input operand being read line by line, in 4096-byte reads. */
interface Source {
	name: string;
	fd: number | null;
	/** A pipe's pieces, when standard input is one. */
	pieces: Iterator<string> | null;
	buffer: string;
	eof: boolean;
}

/** `sed [OPTION]… SCRIPT [FILE]…`. */
export const sed: CommandFn = (ctx) => {
	try {
		return run(ctx);
	} catch (e) {
		if (e instanceof Panic) return EXIT_PANIC;
		throw e;
	}
};

function run(ctx: CommandContext): number {
	const usage = (status: number): number => {
		ctx.err(USAGE);
		return status;
	};
	let parsed;
	try {
		parsed = getopt(ctx.argv.slice(1), [
			{ short: 'n', long: 'quiet', key: 'quiet' },
			{ long: 'silent', key: 'quiet' },
			{ short: 'e', long: 'expression', arg: true },
			{ short: 'f', long: 'file', arg: true },
			{ short: 'E', long: 'regexp-extended', key: 'extended' },
			{ short: 'r', key: 'extended' },
			{ short: 'i', long: 'in-place', arg: 'optional' },
			{ short: 's', long: 'separate' },
			{ short: 'z', long: 'null-data' },
			{ short: 'u', long: 'unbuffered' },
			{ short: 'l', long: 'line-length', arg: true },
			{ long: 'posix' },
			{ long: 'debug' },
			{ long: 'sandbox' },
			{ long: 'follow-symlinks' },
			{ long: 'help' },
			{ long: 'version' },
		]);
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		ctx.err(`sed: ${e.message}\n`);
		return usage(EXIT_BAD_USAGE);
	}
	const o = parsed.opts;
	if (o.has('help')) {
		ctx.out(USAGE + 'E-mail bug reports to: <bug-sed@gnu.org>.\n');
		return 0;
	}
	if (o.has('version')) {
		ctx.out(versionText('sed') ?? '');
		return 0;
	}
	const operands = [...parsed.operands];
	const expressions: { text: string; where: string }[] = [];
	let exprCount = 0;
	for (const e of o.get('expression') ?? [])
		expressions.push({ text: utf8Encode(e), where: `-e expression #${++exprCount}` });
	for (const f of o.get('file') ?? []) {
		const text = readScriptFile(ctx, f);
		if (text === null) return EXIT_PANIC;
		expressions.push({ text, where: `file ${f} line` });
	}
	if (expressions.length === 0) {
		const first = operands.shift();
		if (first === undefined) return usage(EXIT_BAD_USAGE);
		expressions.push({ text: utf8Encode(first), where: '-e expression #1' });
	}
	const extended = o.has('extended');
	const cmds: Command[] = [];
	const blocks: number[] = [];
	let current = expressions[0];
	try {
		for (const e of expressions) {
			current = e;
			compile(e.text, extended, cmds, blocks);
		}
		finish(cmds, blocks);
	} catch (e) {
		if (e instanceof SedUnsupported) {
			ctx.err(`[simulation: sed's ${e.message} is not supported]\n`);
			return EXIT_BAD_USAGE;
		}
		if (!(e instanceof SedError)) throw e;
		if (e.at < 0) ctx.err(`sed: ${e.message}\n`);
		else if (current?.where.startsWith('file'))
			ctx.err(`sed: ${current.where} ${lineOf(current.text, e.at)}: ${e.message}\n`);
		else ctx.err(`sed: ${current?.where ?? '-e expression #1'}, char ${e.at}: ${e.message}\n`);
		return EXIT_BAD_USAGE;
	}
	const inPlace = o.has('in-place');
	const suffix = o.get('in-place')?.at(-1) ?? '';
	if (inPlace && operands.length === 0) {
		ctx.err('sed: no input files\n');
		return EXIT_PANIC;
	}
	const machine = new Machine(ctx, cmds, {
		quiet: o.has('quiet'),
		separate: inPlace || o.has('separate'),
		delimiter: o.has('null-data') ? '\0' : '\n',
		lineLength: Number(o.get('line-length')?.at(-1) ?? 70),
	});
	const files = operands.length > 0 ? operands : ['-'];
	return inPlace ? machine.inPlace(files, suffix) : machine.stream(files);
}

/** The line of a script file a compile error is on. */
function lineOf(text: string, at: number): number {
	return text.slice(0, at).split('\n').length;
}

function readScriptFile(ctx: CommandContext, name: string): string | null {
	const fd = ctx.host.openat(ctx.pid, name, O_RDONLY);
	if (!fd.ok) {
		ctx.err(`sed: couldn't open file ${name}: ${errText(fd.errno)}\n`);
		return null;
	}
	const data = ctx.host.readAll(ctx.pid, fd.value);
	ctx.host.close(ctx.pid, fd.value);
	return data.ok ? bytesToBinary(data.value).replace(/\n$/, '') : '';
}

interface Settings {
	quiet: boolean;
	separate: boolean;
	delimiter: string;
	lineLength: number;
}

/** The pattern space machine of execute.c. */
class Machine {
	#status = 0;
	#sources: string[] = [];
	#source: Source | null = null;
	#out!: Output;
	#hold = '';
	#line = 0;
	#lastRegex: Regex | null = null;
	/** -i: the temporary file of the file being edited. */
	#edit: { fd: number; temp: string; target: string; mode: number; inFd: number } | null = null;
	#suffix = '';
	#inPlace = false;

	constructor(
		private readonly ctx: CommandContext,
		private readonly cmds: Command[],
		private readonly settings: Settings,
	) {}

	/** All operands as one stream (or separately with -s), to standard output. */
	stream(files: string[]): number {
		this.#out = new Output(
			(bytes) => this.ctx.out(binaryToBytes(bytes)),
			this.ctx.stdoutIsTerminal,
			'stdout',
			this.ctx,
		);
		this.#sources = [...files];
		let panic: Panic | null = null;
		try {
			this.#process();
		} catch (e) {
			if (!(e instanceof Panic)) throw e;
			panic = e;
		}
		// exit() flushes stdout, after a panic's message too.
		this.#out.flush();
		this.#closeSource();
		if (panic) throw panic;
		return this.#status;
	}

	/** -i: each file into its own temporary file, renamed over it at its end. */
	inPlace(files: string[], suffix: string): number {
		this.#inPlace = true;
		this.#suffix = suffix;
		this.#sources = [...files];
		this.#process();
		return this.#status;
	}

	/** process_files: cycles until the input ends or a q. */
	#process(): void {
		const s = this.settings;
		for (;;) {
			const got = this.#readLine();
			if (got === null) break;
			let ps = got.text;
			let chomped = got.chomped;
			const appends: string[] = [];
			let quit: number | null = null;
			let autoprint = !s.quiet;
			let replaced = false;
			const out = (): Output => this.#out;
			const flushAppends = (): void => {
				for (const text of appends) {
					if (out().missingNewline) out().put(s.delimiter);
					out().missingNewline = false;
					out().put(text);
				}
				appends.length = 0;
			};
			let pc = 0;
			let restart = false;
			cycle: while (pc < this.cmds.length) {
				const cmd = this.cmds[pc] as Command;
				if (!this.#matches(cmd, ps)) {
					pc = cmd.name === '{' ? (cmd.jump ?? pc + 1) : pc + 1;
					continue;
				}
				pc++;
				switch (cmd.name) {
					case '{':
					case ':':
						break;
					case '=':
						out().line(String(this.#line), true, '\n');
						break;
					case 'a':
						appends.push(cmd.text ?? '');
						break;
					case 'i':
						out().line((cmd.text ?? '').slice(0, -1), true, '\n');
						break;
					case 'c':
						if (!cmd.a2 || !cmd.active || cmd.negate)
							out().line((cmd.text ?? '').slice(0, -1), true, '\n');
						autoprint = false;
						break cycle;
					case 'd':
						autoprint = false;
						break cycle;
					case 'D': {
						const nl = ps.indexOf('\n');
						if (nl < 0) {
							autoprint = false;
							break cycle;
						}
						ps = ps.slice(nl + 1);
						autoprint = false;
						restart = true;
						break cycle;
					}
					case 'p':
						out().line(ps, chomped, s.delimiter);
						break;
					case 'P': {
						const nl = ps.indexOf('\n');
						out().line(nl < 0 ? ps : ps.slice(0, nl), nl >= 0 || chomped, s.delimiter);
						break;
					}
					case 'g':
						ps = this.#hold;
						break;
					case 'G':
						ps += '\n' + this.#hold;
						break;
					case 'h':
						this.#hold = ps;
						break;
					case 'H':
						this.#hold += '\n' + ps;
						break;
					case 'x':
						[ps, this.#hold] = [this.#hold, ps];
						break;
					case 'z':
						ps = '';
						break;
					case 'l':
						out().put(escapeLine(ps, cmd.int ?? s.lineLength));
						break;
					case 'n':
					case 'N': {
						if (this.#atEnd()) {
							// GNU sed prints the pattern space and stops when there is no next line.
							quit = 0;
							break cycle;
						}
						if (cmd.name === 'n' && !s.quiet) out().line(ps, chomped, s.delimiter);
						flushAppends();
						const next = this.#readLine();
						if (next === null) {
							quit = 0;
							break cycle;
						}
						ps = cmd.name === 'n' ? next.text : `${ps}\n${next.text}`;
						chomped = next.chomped;
						break;
					}
					case 'q':
						quit = cmd.int ?? 0;
						break cycle;
					case 'Q':
						quit = cmd.int ?? 0;
						autoprint = false;
						break cycle;
					case 'b':
						pc = cmd.jump ?? this.cmds.length;
						break;
					case 't':
					case 'T':
						if (replaced === (cmd.name === 't')) pc = cmd.jump ?? this.cmds.length;
						replaced = false;
						break;
					case 's': {
						const r = this.#substitute(cmd, ps);
						if (r !== null) {
							ps = r;
							replaced = true;
							if (cmd.print) out().line(ps, chomped, s.delimiter);
						}
						break;
					}
					case 'y':
						ps = [...ps].map((c) => cmd.map?.get(c) ?? c).join('');
						break;
				}
			}
			if (autoprint) out().line(ps, chomped, s.delimiter);
			flushAppends();
			if (restart) this.#pending = { text: ps, chomped };
			if (quit !== null) {
				if (quit !== 0) this.#status = quit;
				this.#endEdit();
				return;
			}
		}
	}

	/** A pattern space D left behind, to run the next cycle on without reading. */
	#pending: { text: string; chomped: boolean } | null = null;

	/** match_address_p: whether the command applies to this line. */
	#matches(cmd: Command, ps: string): boolean {
		let hit: boolean;
		if (!cmd.a1) hit = true;
		else if (!cmd.a2) hit = this.#matchOne(cmd.a1, ps);
		else if (cmd.active) {
			const a2 = cmd.a2;
			if (a2.kind === 'line' || a2.kind === 'plus' || a2.kind === 'mult') {
				const end = cmd.end ?? 0;
				if (this.#line >= end) cmd.active = false;
				hit = this.#line <= end;
				if (!hit) hit = this.#startRange(cmd, ps);
			} else {
				if (this.#matchOne(a2, ps)) cmd.active = false;
				hit = true;
			}
		} else hit = this.#startRange(cmd, ps);
		return hit !== cmd.negate;
	}

	#startRange(cmd: Command, ps: string): boolean {
		const a1 = cmd.a1 as Address;
		const a2 = cmd.a2 as Address;
		// 0,/re/: the range is open before the first line, so the regex may end it on line 1.
		if (a1.kind === 'line' && a1.n === 0) {
			if (this.#line !== 1 && !cmd.active) return false;
			if (this.#line === 1) {
				cmd.active = !this.#matchOne(a2, ps);
				return true;
			}
		}
		if (!this.#matchOne(a1, ps)) return false;
		const l = this.#line;
		switch (a2.kind) {
			case 'line':
				cmd.active = a2.n > l;
				cmd.end = a2.n;
				break;
			case 'plus':
				cmd.active = a2.n > 0;
				cmd.end = l + a2.n;
				break;
			case 'mult':
				cmd.end = a2.n <= 0 ? l : Math.ceil(l / a2.n) * a2.n;
				cmd.active = cmd.end > l;
				break;
			case 'last':
				cmd.active = !this.#atEnd();
				break;
			default:
				cmd.active = true;
		}
		return true;
	}

	#matchOne(a: Address, ps: string): boolean {
		switch (a.kind) {
			case 'line':
				return this.#line === a.n;
			case 'last':
				return this.#atEnd();
			case 'step':
				if (this.#line < a.first) return false;
				return a.step > 0 ? (this.#line - a.first) % a.step === 0 : this.#line === a.first;
			case 're': {
				const re = this.#regex(a.re);
				re.re.lastIndex = 0;
				return re.re.test(ps);
			}
			default:
				return false;
		}
	}

	/** A regex, or the last one used for `//` (no previous one is a runtime error). */
	#regex(re: Regex | null): Regex {
		const r = re ?? this.#lastRegex;
		if (!r) {
			// execute.c reports it through bad_prog with no position: expression #1, char 0.
			this.ctx.err(`sed: -e expression #1, char 0: ${NO_PREVIOUS_REGEX}\n`);
			throw new Panic();
		}
		this.#lastRegex = r;
		return r;
	}

	/** do_subst: the new pattern space, or null when nothing was replaced. */
	#substitute(cmd: Command, ps: string): string | null {
		const base = this.#regex(cmd.regex ?? null);
		let re = GLOBAL.get(base);
		if (!re) GLOBAL.set(base, (re = new RegExp(base.re.source, base.re.flags + 'g')));
		re.lastIndex = 0;
		const nth = cmd.nth ?? 1;
		let count = 0;
		let out = '';
		let pos = 0;
		let prevEnd = -1;
		let did = false;
		for (let m = re.exec(ps); m !== null; m = re.exec(ps)) {
			const empty = m[0].length === 0;
			if (empty) re.lastIndex++;
			// An empty match right after the previous match is not a match (regexec's rule).
			if (empty && m.index === prevEnd) continue;
			prevEnd = m.index + m[0].length;
			if (++count < nth) continue;
			out += ps.slice(pos, m.index) + expand(cmd.repl ?? [], m);
			pos = m.index + m[0].length;
			did = true;
			if (!cmd.global) break;
			if (re.lastIndex > ps.length) break;
		}
		return did ? out + ps.slice(pos) : null;
	}

	/** The next line of input, or null at the end of the last file. */
	#readLine(): { text: string; chomped: boolean } | null {
		if (this.#pending) {
			const p = this.#pending;
			this.#pending = null;
			return p;
		}
		for (;;) {
			const src = this.#source ?? this.#openNext();
			if (!src) return null;
			const d = this.settings.delimiter;
			for (;;) {
				const at = src.buffer.indexOf(d);
				if (at >= 0) {
					const text = src.buffer.slice(0, at);
					src.buffer = src.buffer.slice(at + 1);
					this.#line++;
					return { text, chomped: true };
				}
				if (src.eof) break;
				this.#fill(src);
			}
			if (src.buffer !== '') {
				const text = src.buffer;
				src.buffer = '';
				this.#line++;
				return { text, chomped: false };
			}
			this.#finishSource();
		}
	}

	/** Reads the next piece of the current source into its buffer. */
	#fill(src: Source): void {
		if (src.pieces) {
			const r = src.pieces.next();
			if (r.done) src.eof = true;
			else src.buffer += r.value;
			return;
		}
		if (src.fd === null) {
			src.eof = true;
			return;
		}
		const r = this.ctx.host.read(this.ctx.pid, src.fd, READ_SIZE);
		if (!r.ok) {
			this.ctx.err(`sed: read error on ${src.name}: ${errText(r.errno)}\n`);
			throw new Panic();
		}
		if (r.value.length === 0) src.eof = true;
		else src.buffer += bytesToBinary(r.value);
	}

	/** Whether the line just read is the last one (of this file with -s/-i, else of all). */
	#atEnd(): boolean {
		if (this.#pending) return false;
		for (;;) {
			const src = this.#source;
			if (src) {
				while (src.buffer === '' && !src.eof) this.#fill(src);
				if (src.buffer !== '') return false;
				if (this.settings.separate) return true;
				this.#finishSource();
			}
			if (this.#sources.length === 0) return true;
			if (!this.#openNext()) return true;
		}
	}

	/** open_next_file: the next operand that can be read (missing ones are reported). */
	#openNext(): Source | null {
		const ctx = this.ctx;
		while (this.#sources.length > 0) {
			const name = this.#sources.shift() as string;
			if (this.settings.separate) this.#line = 0;
			if (name === '-' && !this.#inPlace) {
				const fd = stdinFd(ctx);
				const pieces = fd === null ? (ctx.stdin?.chunks() ?? [])[Symbol.iterator]() : null;
				this.#source = { name: '-', fd, pieces, buffer: '', eof: false };
				return this.#source;
			}
			const fd = ctx.host.openat(ctx.pid, name, O_RDONLY);
			if (!fd.ok) {
				ctx.err(`sed: can't read ${name}: ${errText(fd.errno)}\n`);
				this.#status = EXIT_BAD_INPUT;
				continue;
			}
			this.#source = { name, fd: fd.value, pieces: null, buffer: '', eof: false };
			if (this.#inPlace && !this.#startEdit(name, fd.value)) {
				this.#source = null;
				continue;
			}
			return this.#source;
		}
		return null;
	}

	/** -i: fstat the input and create the temporary output beside it (sed/execute.c). */
	#startEdit(name: string, inFd: number): boolean {
		const h = this.ctx.host;
		const pid = this.ctx.pid;
		const st = h.fstat(pid, inFd);
		if (!st.ok || st.value.type !== 'file') {
			this.ctx.err(`sed: couldn't edit ${name}: not a regular file\n`);
			h.close(pid, inFd);
			this.#status = EXIT_PANIC;
			return false;
		}
		const slash = name.lastIndexOf('/');
		const dir = slash >= 0 ? name.slice(0, slash + 1) : './';
		const temp = `${dir}sed${tempSuffix(this.ctx)}`;
		const out = h.openat(pid, temp, O_RDWR | O_CREAT | O_EXCL, 0o600);
		if (!out.ok) {
			this.ctx.err(`sed: couldn't open temporary file ${temp}: ${errText(out.errno)}\n`);
			h.close(pid, inFd);
			throw new Panic();
		}
		this.#edit = { fd: out.value, temp, target: name, mode: st.value.mode & 0o7777, inFd };
		this.#out = new Output(
			(bytes) => {
				const r = h.write(pid, out.value, binaryToBytes(bytes));
				return r.ok ? null : r.errno;
			},
			false,
			temp,
			this.ctx,
		);
		return true;
	}

	/** The end of one source: with -i, its temporary file replaces it (closedown). */
	#finishSource(): void {
		if (this.#edit) this.#endEdit();
		else this.#closeSource();
	}

	#closeSource(): void {
		const src = this.#source;
		if (src?.fd !== null && src?.fd !== undefined && src.name !== '-')
			this.ctx.host.close(this.ctx.pid, src.fd);
		this.#source = null;
	}

	/**
	 * closedown: copy the mode to the new file (Debian's sed does it with fsetxattr of the ACL;
	 * gnulib's fallback, fchmod, has the same effect here), close both, keep a backup with
	 * -iSUFFIX (rename), and rename the new file over the old name.
	 */
	#endEdit(): void {
		const e = this.#edit;
		if (!e) return;
		const h = this.ctx.host;
		const pid = this.ctx.pid;
		h.fchmod(pid, e.fd, e.mode);
		h.close(pid, e.inFd);
		this.#source = null;
		this.#out.flush();
		h.close(pid, e.fd);
		this.#edit = null;
		if (this.#suffix !== '') {
			const slash = e.target.lastIndexOf('/');
			const base = e.target.slice(slash + 1);
			const backup = this.#suffix.includes('*')
				? e.target.slice(0, slash + 1) + this.#suffix.replace(/\*/g, base)
				: e.target + this.#suffix;
			const r = h.rename(pid, e.target, backup);
			if (!r.ok) {
				this.ctx.err(`sed: cannot rename ${e.target}: ${errText(r.errno)}\n`);
				throw new Panic();
			}
		}
		const r = h.rename(pid, e.temp, e.target);
		if (!r.ok) {
			this.ctx.err(`sed: cannot rename ${e.temp}: ${errText(r.errno)}\n`);
			throw new Panic();
		}
	}
}

/** Each regex's global twin, for `s`'s scan over the pattern space. */
const GLOBAL = new WeakMap<Regex, RegExp>();

/** The replacement for one match, with GNU's \U \L \u \l \E case conversions. */
function expand(parts: ReplPart[], m: RegExpExecArray): string {
	let out = '';
	let mode: 'U' | 'L' | null = null;
	let once: 'u' | 'l' | null = null;
	const add = (text: string): void => {
		let t = mode === 'U' ? text.toUpperCase() : mode === 'L' ? text.toLowerCase() : text;
		if (once && t !== '') {
			t = (once === 'u' ? t[0]?.toUpperCase() : t[0]?.toLowerCase()) + t.slice(1);
			once = null;
		}
		out += t;
	};
	for (const p of parts) {
		if (typeof p === 'string') add(p);
		else if ('group' in p) add(m[p.group] ?? '');
		else if (p.caseOp === 'E') mode = once = null;
		else if (p.caseOp === 'U' || p.caseOp === 'L') mode = p.caseOp;
		else once = p.caseOp;
	}
	return out;
}

/** The `l` command's escaped form of the pattern space, wrapped at `width` (execute.c do_list). */
function escapeLine(ps: string, width: number): string {
	const names: Record<number, string> = {
		7: 'a',
		8: 'b',
		9: 't',
		10: 'n',
		11: 'v',
		12: 'f',
		13: 'r',
	};
	let out = '';
	let col = 0;
	for (let i = 0; i < ps.length; i++) {
		const c = ps.charCodeAt(i);
		const piece =
			c === 92
				? '\\\\'
				: names[c] !== undefined
					? `\\${names[c]}`
					: c < 32 || c >= 127
						? `\\${c.toString(8).padStart(3, '0')}`
						: ps[i];
		if (width > 1 && col + (piece?.length ?? 0) > width - 1) {
			out += '\\\n';
			col = 0;
		}
		out += piece;
		col += piece?.length ?? 0;
	}
	return `${out}$\n`;
}
