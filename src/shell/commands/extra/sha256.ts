/** SHA-256 (FIPS 180-4) over the kernel's byte strings (one char per byte), fed piece by piece. */
import { BlockDigest } from './block-digest';

/** The first 64 primes. */
const PRIMES: number[] = [];
for (let n = 2; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p !== 0)) PRIMES.push(n);

/** The first 32 bits of the fractional part of x (exact in a double for these roots). */
const frac32 = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) >>> 0;

/**
 * FIPS 180-4's constants, computed as the standard defines them (a table would be 700 bytes of
 * hex in the rare commands' download): the cube roots of the first 64 primes, and the square
 * roots of the first 8 for the initial hash value.
 */
const K = new Uint32Array(PRIMES.map((p) => frac32(Math.cbrt(p))));
const H0 = PRIMES.slice(0, 8).map((p) => frac32(Math.sqrt(p)));

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** An incremental SHA-256 digest. */
export class Sha256 extends BlockDigest {
	#h = new Uint32Array(H0);
	#w = new Uint32Array(64);

	constructor() {
		super(true);
	}

	/** The digest as 64 lowercase hex digits. */
	hex(): string {
		this.finish();
		return Array.from(this.#h, (h) => h.toString(16).padStart(8, '0')).join('');
	}

	protected compress(): void {
		const w = this.#w;
		const b = this.block;
		for (let i = 0; i < 16; i++)
			w[i] =
				((b[i * 4] ?? 0) << 24) |
				((b[i * 4 + 1] ?? 0) << 16) |
				((b[i * 4 + 2] ?? 0) << 8) |
				(b[i * 4 + 3] ?? 0);
		for (let i = 16; i < 64; i++) {
			const w15 = w[i - 15] ?? 0;
			const w2 = w[i - 2] ?? 0;
			const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
			const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
			w[i] = ((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) | 0;
		}
		const h = this.#h;
		let a = h[0] ?? 0;
		let bb = h[1] ?? 0;
		let c = h[2] ?? 0;
		let d = h[3] ?? 0;
		let e = h[4] ?? 0;
		let f = h[5] ?? 0;
		let g = h[6] ?? 0;
		let hh = h[7] ?? 0;
		for (let i = 0; i < 64; i++) {
			const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
			const ch = (e & f) ^ (~e & g);
			const t1 = (hh + s1 + ch + (K[i] ?? 0) + (w[i] ?? 0)) | 0;
			const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
			const maj = (a & bb) ^ (a & c) ^ (bb & c);
			const t2 = (s0 + maj) | 0;
			hh = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = bb;
			bb = a;
			a = (t1 + t2) | 0;
		}
		h[0] = (h[0] ?? 0) + a;
		h[1] = (h[1] ?? 0) + bb;
		h[2] = (h[2] ?? 0) + c;
		h[3] = (h[3] ?? 0) + d;
		h[4] = (h[4] ?? 0) + e;
		h[5] = (h[5] ?? 0) + f;
		h[6] = (h[6] ?? 0) + g;
		h[7] = (h[7] ?? 0) + hh;
	}
}
