/**
 * The bytes that travel through a pipe or into `$(…)`. A pipe carries bytes, not text: what a
 * writer wrote is kept as the list of its writes (one char per byte, the kernel's form), never
 * joined into one string, and runs of zero bytes (holes of a sparse file) are kept as counts.
 * So `cat big-binary | wc -c` counts bytes without holding the file as one giant string.
 */
import type { Errno, Host } from '../kernel';
import { utf8Encode } from '../kernel';
import { bytesToBinary } from './proc';

/** Writes of at least this many zero bytes are stored as a count. */
const ZERO_RUN = 512;
/** Zero runs are handed out in pieces of this size. */
const PIECE = 65536;

/** An append-only byte buffer; see the module comment. */
export class ByteBuffer {
	#parts: (string | number)[] = [];
	#length = 0;
	#consumed = 0;

	/** Number of bytes written. */
	get length(): number {
		return this.#length;
	}

	/**
	 * How many bytes the reader has taken: a pipe's writer with much more than that left unread
	 * when the reader exits gets SIGPIPE.
	 */
	get consumed(): number {
		return this.#consumed;
	}

	/** Appends bytes: a char-code string (one char per byte) or a Uint8Array. */
	pushBytes(data: string | Uint8Array): void {
		const bin = typeof data === 'string' ? data : bytesToBinary(data);
		if (bin.length === 0) return;
		this.#length += bin.length;
		if (bin.length >= ZERO_RUN && !/[^\0]/.test(bin)) {
			const last = this.#parts[this.#parts.length - 1];
			if (typeof last === 'number') this.#parts[this.#parts.length - 1] = last + bin.length;
			else this.#parts.push(bin.length);
			return;
		}
		this.#parts.push(bin);
	}

	/** Appends text as its UTF-8 bytes (what echo or printf write). */
	pushText(text: string): void {
		// Plain ASCII, the usual case, is its own encoding.
		let ascii = true;
		for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
		this.pushBytes(ascii ? text : utf8Encode(text));
	}

	/** The content in pieces of at most 64 KiB for zero runs (char-code strings), in order. */
	*chunks(): Generator<string> {
		let pos = 0;
		for (const part of this.#parts) {
			if (typeof part === 'string') {
				pos += part.length;
				this.#take(pos);
				yield part;
				continue;
			}
			for (let left = part; left > 0; left -= PIECE) {
				const piece = Math.min(PIECE, left);
				pos += piece;
				this.#take(pos);
				yield '\0'.repeat(piece);
			}
		}
	}

	#take(upTo: number): void {
		if (upTo > this.#consumed) this.#consumed = upTo;
	}

	/** The first `count` bytes. */
	prefix(count: number): string {
		const out: string[] = [];
		let need = count;
		for (const chunk of this.#pieces()) {
			if (need <= 0) break;
			out.push(chunk.length <= need ? chunk : chunk.slice(0, need));
			need -= chunk.length;
		}
		this.#take(Math.min(count, this.#length));
		return out.join('');
	}

	/** The last `count` bytes. */
	suffix(count: number): string {
		if (count <= 0) return '';
		const skip = Math.max(0, this.#length - count);
		const out: string[] = [];
		let pos = 0;
		for (const chunk of this.chunks()) {
			const end = pos + chunk.length;
			if (end > skip) out.push(pos >= skip ? chunk : chunk.slice(skip - pos));
			pos = end;
		}
		return out.join('');
	}

	/**
	 * The bytes up to and including the `lines`-th newline (all of them if there are fewer): what
	 * `head -n` needs, without joining the rest.
	 */
	headLines(lines: number): string {
		const out: string[] = [];
		let left = lines;
		for (const chunk of this.#pieces()) {
			if (left <= 0) break;
			let at = -1;
			while (left > 0) {
				at = chunk.indexOf('\n', at + 1);
				if (at < 0) break;
				left--;
			}
			if (left <= 0) {
				out.push(chunk.slice(0, at + 1));
				break;
			}
			out.push(chunk);
		}
		const text = out.join('');
		this.#take(text.length);
		return text;
	}

	/** The pieces without counting them as read. */
	*#pieces(): Generator<string> {
		for (const part of this.#parts) {
			if (typeof part === 'string') yield part;
			else for (let left = part; left > 0; left -= PIECE) yield '\0'.repeat(Math.min(PIECE, left));
		}
	}

	/** Everything, as one char-code string (for tools that need all of it at once). */
	binary(): string {
		return [...this.chunks()].join('');
	}
}

/**
 * Standard input redirected from a file (`wc -c < FILE`). bash opens the file and the command
 * reads it through its fd 0 only if and as it wants to: `: < FILE` opens and closes it, and
 * `wc -c < FILE` looks at its size without a read(2). So nothing is read until a tool asks for
 * the bytes; then they are read (read(2) by the reading process) once. Tools that copy the real
 * program's system calls use `reader` to work on the descriptor themselves instead.
 */
export class FileInput extends ByteBuffer {
	#reader: { host: Host; pid: number; fd: number };
	#filled = false;
	#error: Errno | null = null;

	/**
	 * `fd` is the descriptor `pid` opened; `path` is how the kernel names the open file
	 * (`Host.fdTable`), to find it again in a child that inherited it.
	 */
	constructor(
		host: Host,
		pid: number,
		fd: number,
		readonly path: string,
	) {
		super();
		this.#reader = { host, pid, fd };
	}

	/** The process and descriptor that read the file now. */
	get reader(): { readonly host: Host; readonly pid: number; readonly fd: number } {
		return this.#reader;
	}

	/** From now on the file is read by `pid` through `fd` (its standard input after dup2). */
	readBy(host: Host, pid: number, fd: number): void {
		this.#reader = { host, pid, fd };
	}

	/** Whether the bytes were taken already (by the shell's buffer methods). */
	get filled(): boolean {
		return this.#filled;
	}

	/** The errno of the read that failed (EISDIR for `< /tmp`), once the bytes were asked for. */
	get error(): Errno | null {
		this.#fill();
		return this.#error;
	}

	#fill(): void {
		if (this.#filled) return;
		this.#filled = true;
		const { host, pid, fd } = this.#reader;
		const data = host.readAll(pid, fd);
		if (data.ok) this.pushBytes(data.value);
		else this.#error = data.errno;
	}

	override get length(): number {
		this.#fill();
		return super.length;
	}

	override *chunks(): Generator<string> {
		this.#fill();
		yield* super.chunks();
	}

	override prefix(count: number): string {
		this.#fill();
		return super.prefix(count);
	}

	override suffix(count: number): string {
		this.#fill();
		return super.suffix(count);
	}

	override headLines(lines: number): string {
		this.#fill();
		return super.headLines(lines);
	}

	override binary(): string {
		this.#fill();
		return super.binary();
	}
}

/** A buffer holding `text` as UTF-8. */
export function bufferOf(text: string): ByteBuffer {
	const b = new ByteBuffer();
	b.pushText(text);
	return b;
}

/** A char-code string (one char per byte) as a Uint8Array, for write(2). */
export function binaryToBytes(bin: string): Uint8Array {
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}
