/**
 * The lab as it stands after its setup, computed at build time by the same engine the browser
 * loads later. The chapter and playground pages embed it in the island's props, so the drawing
 * and the terminal show the setup state at once, without the simulation. Once the engine has
 * loaded and replayed the setup, its state must equal this snapshot exactly; a unit test checks
 * that for every chapter.
 */
import { LabCore, type Death, type RpcRow } from './lab-core';
// The build has every command at once, in case a chapter's setup uses a rare one.
import '../shell/commands/rare/rare-commands';
import '../shell/commands/extra/extra';
import type { Host } from './permalink';
import type { WorldView } from './view-model';

/** Everything the lab draws before the reader's first action. Plain data: it goes through JSON. */
export interface LabSnapshot {
	/** The seed the world was made from. */
	seed: number;
	view: WorldView;
	/** Each host's terminal: just its prompt, since the setup runs silently. */
	transcripts: Record<Host, string>;
	deaths: Death[];
	wire: RpcRow[];
}

/** The seed every lab starts from unless a permalink names another. */
export const DEFAULT_SEED = 1;

/** Boots a world, runs `setup` on `host` and returns what the lab shows then. */
export function labSnapshot(
	host: Host,
	setup: readonly string[],
	seed = DEFAULT_SEED,
): LabSnapshot {
	const core = new LabCore(host, setup, { output() {}, line() {}, changed() {} });
	core.boot(seed);
	const { transcripts } = core.replay([]);
	return { seed, view: core.view(), transcripts, deaths: core.deaths, wire: core.wire };
}
