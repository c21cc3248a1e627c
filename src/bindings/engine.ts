/**
 * The simulated machine as the browser loads it: the kernel and shell behind a lab, plus the
 * narration of what a command did. The Machine imports this module dynamically, on the reader's
 * first action, so a chapter shows its lab (drawn from the build-time snapshot) without paying
 * for the simulation. Nothing else on the client may import it statically, or the split is lost.
 */
export { LabCore } from './lab-core';
export { narrate } from './narrate';
// The rare commands are one more chunk, which the Machine fetches after the first action.
export { CommandNotLoaded, loadChunk, loadRareCommands } from '../shell/commands/deferred';
