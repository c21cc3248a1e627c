/**
 * The chapter page's only always-loaded script: it turns clicks on Try buttons in the prose into
 * requests for the lab, and brings the lab into view so the reader sees what the command did.
 */
import { findLab, sendTry } from './try-bus';

document.addEventListener('click', (event) => {
	const target = event.target;
	if (!(target instanceof Element)) return;
	const button = target.closest<HTMLButtonElement>('button[data-try]');
	if (!button) return;
	const cmd = button.dataset.try;
	if (!cmd) return;
	sendTry({ cmd, host: button.dataset.host || undefined });
	const lab = findLab();
	if (!lab) return;
	const box = lab.getBoundingClientRect();
	// Scroll only when the lab is out of view: beside the prose on wide screens it already shows.
	if (box.top > window.innerHeight || box.bottom < 0) {
		const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
		lab.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
	}
});
