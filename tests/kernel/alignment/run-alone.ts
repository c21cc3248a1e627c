// Runs the alignment cases on their own: `npx tsx tests/kernel/alignment/run-alone.ts`.
// Prints one line per case and exits 1 if any case disagrees with the model.
import { alignmentCases } from './index';

const started = Date.now();
const cases = await alignmentCases();
let failed = 0;
for (const c of cases) {
	const status = c.simulationOnly ? 'sim-only' : c.agree ? 'agree' : 'DISAGREE';
	if (!c.agree) failed += 1;
	console.log(`${status.padEnd(9)} ${c.id.padEnd(24)} ${c.title}`);
	if (!c.agree) {
		for (const f of c.fields) {
			if (c.real[f] !== c.sim[f]) {
				console.log(
					`          ${f}: real ${JSON.stringify(c.real[f])} sim ${JSON.stringify(c.sim[f])}`,
				);
			}
		}
	}
}
console.log(
	`${cases.length - failed} of ${cases.length} agree (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failed > 0 ? 1 : 0);
