/**
 * The chunk the shell fetches only when a line needs it (see ../deferred.ts): tools no chapter
 * uses, and what Debian has that the simulation does not model. Importing this module installs
 * it, so Node code that imports it statically has it at once.
 */
import { provideExtraCode, type ExtraCode } from '../deferred';
import { debianPackage } from './debian';
import { versionText } from './versions';

export const extraCode: ExtraCode = {
	commands: {},
	debianPackage,
	versionText,
};

provideExtraCode(extraCode);
