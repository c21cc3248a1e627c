/**
 * What MD5 (RFC 1321 section 3.1-3.2) and SHA-256 (FIPS 180-4 section 5.1.1) share: the message
 * is cut into 64-byte blocks, and padded with 0x80, zeros up to 56 bytes into a block, and the
 * message length in bits in the last 8 bytes, little-endian for MD5 and big-endian for SHA-256.
 */
export abstract class BlockDigest {
	/** The block being filled; `compress` reads it when it is full. */
	protected readonly block = new Uint8Array(64);
	#used = 0;
	#length = 0;
	readonly #bigEndian: boolean;

	constructor(bigEndian: boolean) {
		this.#bigEndian = bigEndian;
	}

	/** Adds bytes (a char-code string). */
	update(bytes: string): void {
		this.#length += bytes.length;
		for (let i = 0; i < bytes.length; i++) {
			this.block[this.#used++] = bytes.charCodeAt(i);
			if (this.#used === 64) {
				this.compress();
				this.#used = 0;
			}
		}
	}

	/** Pads the message, which compresses its last block; the digest is then in the state. */
	protected finish(): void {
		const bits = this.#length * 8;
		this.update('\x80');
		while (this.#used !== 56) this.update('\0');
		const length = Array.from({ length: 8 }, (_, i) => Math.floor(bits / 2 ** (8 * i)) & 0xff);
		if (this.#bigEndian) length.reverse();
		this.update(String.fromCharCode(...length));
	}

	/** Mixes the full block into the state. */
	protected abstract compress(): void;
}
