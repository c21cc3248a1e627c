/** MD5 (RFC 1321) over the kernel's byte strings (one char per byte), fed piece by piece. */
import { BlockDigest } from './block-digest';

/** Per-round shift amounts. */
const S = [
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
	20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
	10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

/** floor(abs(sin(i + 1)) * 2^32), RFC 1321 section 3.4. */
const K = Array.from(
	{ length: 64 },
	(_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0,
);

/** An incremental MD5 digest. */
export class Md5 extends BlockDigest {
	#state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
	#words = new Uint32Array(16);

	constructor() {
		super(false);
	}

	/** The digest as 32 lowercase hex digits. */
	hex(): string {
		this.finish();
		let out = '';
		for (const word of this.#state)
			for (let i = 0; i < 4; i++) out += ((word >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
		return out;
	}

	protected compress(): void {
		const w = this.#words;
		const b = this.block;
		for (let i = 0; i < 16; i++)
			w[i] =
				(b[i * 4] as number) |
				((b[i * 4 + 1] as number) << 8) |
				((b[i * 4 + 2] as number) << 16) |
				((b[i * 4 + 3] as number) << 24);
		let [a, bb, c, d] = this.#state as [number, number, number, number];
		for (let i = 0; i < 64; i++) {
			let f: number;
			let g: number;
			if (i < 16) {
				f = (bb & c) | (~bb & d);
				g = i;
			} else if (i < 32) {
				f = (d & bb) | (~d & c);
				g = (5 * i + 1) % 16;
			} else if (i < 48) {
				f = bb ^ c ^ d;
				g = (3 * i + 5) % 16;
			} else {
				f = c ^ (bb | ~d);
				g = (7 * i) % 16;
			}
			const sum = (a + f + (K[i] as number) + (w[g] as number)) | 0;
			const s = S[i] as number;
			a = d;
			d = c;
			c = bb;
			bb = (bb + ((sum << s) | (sum >>> (32 - s)))) | 0;
		}
		const st = this.#state;
		st[0] = ((st[0] as number) + a) | 0;
		st[1] = ((st[1] as number) + bb) | 0;
		st[2] = ((st[2] as number) + c) | 0;
		st[3] = ((st[3] as number) + d) | 0;
	}
}
