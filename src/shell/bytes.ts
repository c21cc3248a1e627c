/**
 * The bytes that travel through a pipe or into `$(…)`. A pipe carries bytes, not text: what a
 * writer wrote is kept as the list of its writes (one char per byte, the kernel's form), never
 * joined into one string, and runs of zero bytes (holes of a sparse file) are kept as counts.
 * So `cat big-binary | wc -c` counts bytes without holding the file as one giant string.
 */
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
