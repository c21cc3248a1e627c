/**
 * Makes the chapter's inline figures step through their frames: it shows one frame at a time,
 * wires the step buttons under each caption and the prose's links to a step (Show.astro), and
 * reads the new frame's description in the figure's live region. Without it every frame stays
 * visible in order and the prose links jump to their frame, so nothing here is needed to read.
 */

function frameList(fig: HTMLElement): HTMLElement[] {
	return [...fig.querySelectorAll<HTMLElement>('[data-fig-frame]')];
}

/** Shows frame `index` of a figure; `announce` reads it out (not on page load). */
function select(fig: HTMLElement, index: number, announce: boolean): void {
	const all = frameList(fig);
	const shown = all[index];
	if (!shown) return;
	for (const frame of all) frame.hidden = frame !== shown;
	for (const button of fig.querySelectorAll<HTMLButtonElement>('[data-fig-go]')) {
		button.setAttribute('aria-pressed', String(Number(button.dataset.figGo) === index));
	}
	const live = fig.querySelector<HTMLElement>('[data-fig-live]');
	if (live && announce) {
		const step = shown.querySelector('.fig-step')?.textContent ?? '';
		const desc = shown.querySelector('[data-fig-desc]')?.textContent ?? '';
		live.textContent = `${step.replace(/\s+/g, ' ').trim()}. ${desc.trim()}`;
	}
}

function setUp(fig: HTMLElement): void {
	fig.classList.add('fig-ready');
	const controls = fig.querySelector<HTMLElement>('.fig-controls');
	if (controls) controls.hidden = false;
	const target = location.hash ? frameList(fig).findIndex((f) => `#${f.id}` === location.hash) : -1;
	select(fig, Math.max(0, target), false);
	fig.addEventListener('click', (event) => {
		const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-fig-go]');
		if (button) select(fig, Number(button.dataset.figGo), true);
	});
}

for (const fig of document.querySelectorAll<HTMLElement>('[data-figure]')) setUp(fig);

// A link in the prose to one step: show that frame and bring the figure into view if it is not.
document.addEventListener('click', (event) => {
	const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-fig-link]');
	if (!link) return;
	const frame = document.getElementById(link.hash.slice(1));
	const fig = frame?.closest<HTMLElement>('[data-figure]');
	if (!frame || !fig) return;
	event.preventDefault();
	select(fig, frameList(fig).indexOf(frame), true);
	const box = fig.getBoundingClientRect();
	if (box.top < 0 || box.bottom > window.innerHeight) {
		const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
		fig.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'nearest' });
	}
});

// A module, so its names stay out of the global scope (where `frames` is the window's).
export {};
