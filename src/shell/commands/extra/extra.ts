/**
 * The chunk the shell fetches only when a line needs it (see ../deferred.ts): tools no chapter
 * uses (sed, od, fallocate, md5sum, sha256sum, cmp, yes, hostname, date,
 * vmtouch), what Debian has that the simulation
 * does not model, and the tools' --version texts. Importing this module installs
 * it, so Node code that imports it statically has it at once.
 */
import { provideExtraCode, type ExtraCode } from '../deferred';
import { debianPackage } from './debian';
import { cmp, md5sum, sha256sum, yes } from './digests';
import { date, hostname, vmtouch } from './system';
import { fallocate } from './fallocate';
import { od } from './od';
import { sed } from './sed';
import { versionText } from './versions';

export const extraCode: ExtraCode = {
	commands: { sed, od, fallocate, md5sum, sha256sum, cmp, yes, hostname, date, vmtouch },
	debianPackage,
	versionText,
};

provideExtraCode(extraCode);
