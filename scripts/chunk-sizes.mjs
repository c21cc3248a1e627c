// Which source modules make up a built chunk, and what each costs after gzip -9. Build with
// `SOURCEMAP=1 npm run build`, then `node scripts/chunk-sizes.mjs dist/_astro/engine.*.js`.
//
// Method: the chunk's sourcemap assigns every generated character to a source file. A module's
// cost is how much the gzip of the whole chunk shrinks when that module's characters are left
// out, which accounts for what gzip shares between modules better than compressing each module
// alone would. The costs therefore add up to a little less than the chunk's size.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { decode } from '@jridgewell/sourcemap-codec';

const gz = (s) => gzipSync(s, { level: 9 }).length;

for (const file of process.argv.slice(2)) {
	const code = readFileSync(file, 'utf8');
	const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
	const lines = code.split('\n');
	const decoded = decode(map.mappings);
	/** Per source index, the generated text ranges it owns: [line, start, end]. */
	const owner = new Map();
	decoded.forEach((segs, li) => {
		for (let i = 0; i < segs.length; i++) {
			const seg = segs[i];
			if (seg.length < 2) continue;
			const end = i + 1 < segs.length ? segs[i + 1][0] : lines[li].length;
			if (!owner.has(seg[1])) owner.set(seg[1], []);
			owner.get(seg[1]).push([li, seg[0], end]);
		}
	});
	const total = gz(code);
	const rows = [];
	for (const [src, ranges] of owner) {
		const cut = lines.map((l) => [...l]);
		let raw = 0;
		for (const [li, s, e] of ranges) {
			for (let c = s; c < e; c++) cut[li][c] = '';
			raw += e - s;
		}
		const without = gz(cut.map((l) => l.join('')).join('\n'));
		rows.push({ src: map.sources[src].replace(/^(\.\.\/)+/, ''), raw, gz: total - without });
	}
	rows.sort((a, b) => b.gz - a.gz);
	console.log(`${file}: ${code.length} bytes, ${(total / 1024).toFixed(1)} KB gzip -9`);
	for (const r of rows) {
		console.log(
			`${(r.gz / 1024).toFixed(2).padStart(7)} KB  ${String(r.raw).padStart(7)}  ${r.src}`,
		);
	}
}
