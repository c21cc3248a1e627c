/**
 * How prose drives the figure. A Try button in the chapter text sends its command line to the
 * page's lab through a document-level CustomEvent. The lab hydrates only when the reader reaches
 * it, so a request made before that waits in a queue on `window` that the lab drains on mount.
 * Both sides meet through the DOM rather than shared module state, because the page script and
 * the island are bundled separately.
 */

/** A command line the prose asks the lab to run, optionally on a named host. */
export interface TryRequest {
	cmd: string;
	host?: string;
}

const EVENT = 'lab:try';

declare global {
	interface Window {
		/** Requests made before the lab hydrated, oldest first. */
		labPendingTry?: TryRequest[];
		/** Set while a lab listens; until then requests wait in the queue. */
		labListening?: boolean;
	}
	interface DocumentEventMap {
		'lab:try': CustomEvent<TryRequest>;
	}
}

/** The lab's root element on this page, if it has one. */
export function findLab(): HTMLElement | null {
	return document.querySelector<HTMLElement>('[data-lab]');
}

/** Sends a command to the page's lab, or queues it until the lab is ready. */
export function sendTry(request: TryRequest): void {
	if (window.labListening) {
		document.dispatchEvent(new CustomEvent(EVENT, { detail: request }));
	} else {
		(window.labPendingTry ??= []).push(request);
	}
}

/** Called by the lab once it can run commands: drains the queue, then listens. */
export function listenTry(handler: (request: TryRequest) => void): () => void {
	const pending = window.labPendingTry ?? [];
	window.labPendingTry = [];
	for (const request of pending) handler(request);
	const listener = (event: CustomEvent<TryRequest>) => handler(event.detail);
	document.addEventListener(EVENT, listener);
	window.labListening = true;
	return () => {
		window.labListening = false;
		document.removeEventListener(EVENT, listener);
	};
}
