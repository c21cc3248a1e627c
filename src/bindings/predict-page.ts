/**
 * Predict checkpoints on a chapter page: the reader picks an option and commits before the
 * answer shows; the choice is remembered and shown back on return, with a way to try again.
 * The "Your predictions" section at the end of the chapter lists every miss across the site,
 * so a misconception can be revisited. Without this script the checkpoints stay plain
 * disclosures, so everything here only adds to a page that already works.
 */
import {
	allPredictions,
	forgetPrediction,
	loadPrediction,
	migratePrediction,
	savePrediction,
	type Prediction,
} from './predictions';

const page = location.pathname;
const chapter = page.split('/').filter(Boolean).pop() ?? '';

function verdict(p: Prediction): string {
	return p.correct
		? `You predicted “${p.picked}”, and that is what happens.`
		: `You predicted “${p.picked}”; what really happens: “${p.answer}”.`;
}

function enhance(box: HTMLElement): void {
	const form = box.querySelector('form');
	const details = box.querySelector('details');
	const said = box.querySelector<HTMLElement>('.predict-verdict');
	const again = box.querySelector<HTMLButtonElement>('.predict-again');
	const hint = box.querySelector<HTMLElement>('.predict-hint');
	if (!form || !details || !said || !again || !hint) return;
	const radios = [...form.querySelectorAll<HTMLInputElement>('input[type=radio]')];
	const texts = radios.map((r) => r.nextElementSibling?.textContent?.trim() ?? '');
	const answer = Number(box.dataset.predict);
	const id = `${chapter}/${box.id}`;
	const question = (box.querySelector('.predict-question')?.textContent ?? '')
		.replace(/^\s*Predict:\s*/, '')
		.trim();

	const show = (p: Prediction | null, reveal: boolean) => {
		form.hidden = reveal;
		details.hidden = !reveal;
		details.open = reveal;
		again.hidden = !reveal;
		said.textContent = p ? verdict(p) : '';
		hint.textContent = '';
		if (!reveal) for (const r of radios) r.checked = false;
	};

	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const picked = radios.findIndex((r) => r.checked);
		if (picked < 0) {
			hint.textContent = 'Pick one of the options first.';
			radios[0]?.focus();
			return;
		}
		const p: Prediction = {
			page,
			anchor: box.id,
			question,
			picked: texts[picked] ?? '',
			answer: texts[answer] ?? '',
			correct: picked === answer,
		};
		savePrediction(id, p);
		show(p, true);
		again.focus();
		summarize();
	});
	box.querySelector('.predict-skip')?.addEventListener('click', () => {
		show(null, true);
		details.querySelector('summary')?.focus();
	});
	again.addEventListener('click', () => {
		forgetPrediction(id);
		show(null, false);
		radios[0]?.focus();
		summarize();
	});

	box.querySelector('.predict-static')?.remove();
	// An answer saved before checkpoints had ids sits under a key made from the old wording.
	const was = box.dataset.predictWas;
	const saved = was ? migratePrediction(`${chapter}/${was}`, id, box.id) : loadPrediction(id);
	// A saved answer counts only if it still names one of this question's options (they can be
	// reworded); otherwise it is forgotten and the reader is asked again.
	const valid = saved && texts.includes(saved.picked) ? saved : null;
	if (saved && !valid) forgetPrediction(id);
	show(valid, !!valid);
}

/** Fills the end-of-chapter list: how many predictions were right, and every miss. */
function summarize(): void {
	const box = document.querySelector<HTMLElement>('[data-predict-summary]');
	const list = box?.querySelector('ul');
	const count = box?.querySelector('p');
	if (!box || !list || !count) return;
	const all = allPredictions();
	const misses = all.filter((e) => !e.prediction.correct);
	box.hidden = all.length === 0;
	count.textContent =
		`You have committed ${all.length} ${all.length === 1 ? 'prediction' : 'predictions'} on this site; ` +
		(misses.length === 0
			? 'all of them were right.'
			: `${misses.length} missed. Each link goes back to the question.`);
	list.replaceChildren(
		...misses.map(({ prediction: p }) => {
			const item = document.createElement('li');
			const link = document.createElement('a');
			link.href = `${p.page}#${encodeURIComponent(p.anchor)}`;
			link.textContent = p.question;
			item.append(link, ` You predicted “${p.picked}”; the answer is “${p.answer}”.`);
			return item;
		}),
	);
}

for (const box of document.querySelectorAll<HTMLElement>('[data-predict]')) enhance(box);
summarize();
