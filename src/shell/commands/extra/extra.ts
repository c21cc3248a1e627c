/**
 * The chunk the shell fetches only when a line needs it (see ../deferred.ts): tools no chapter
 * uses, and what Debian has that the simulation does not model. Importing this module installs
 * it, so Node code that imports it statically has it at once.
 */
import { provideExtraCode, type ExtraCode } from '../deferred';
import { debianPackage } from './debian';
import { fallocate } from './fallocate';
import { od } from './od';
import { sed } from './sed';
import { versionText } from './versions';

export const extraCode: ExtraCode = {
	commands: { sed, od, fallocate },
	debianPackage,
	versionText,
};

provideExtraCode(extraCode);
