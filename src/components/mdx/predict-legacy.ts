/**
 * Before Predict checkpoints had ids, a saved answer was keyed by a slug of the question's
 * wording (`predict-` and its first 48 characters in lowercase, dashes between words). This
 * table keeps each checkpoint's key from then, by chapter and id, so that the page script can
 * move an answer saved under it to the id even after the question is reworded. It is used at
 * build time only; checkpoints added since need no entry.
 */
export const LEGACY_PREDICT_KEYS: Readonly<Record<string, string>> = {
	'01-the-crash/server-still-running': 'predict-the-binary-the-server-was-started-from-has-just-',
	'02-names-and-inodes/remove-first-name':
		'predict-now-remove-opt-app-bin-server-what-happens-to-ro',
	'03-running-a-program/resident-share': 'predict-the-server-binary-is-24-mib-it-has-been-running-',
	'04-text-file-busy/install-over-running':
		'predict-install-root-server-v2-opt-app-bin-server-does-t',
	'05-enter-nfs/build-text-file-busy': 'predict-the-build-host-also-mounts-the-share-if-it-copie',
	'05-enter-nfs/size-on-app': 'predict-build-has-just-written-version-2-which-is-2-mib-',
	'06-pulling-the-rug/emptied-mapping': 'predict-the-mapping-still-covers-the-whole-original-leng',
	'06-pulling-the-rug/reload-cold-code': 'predict-the-server-is-running-version-1-its-file-now-hol',
	'06-pulling-the-rug/rename-from-app': 'predict-scenario-3-showed-that-removing-the-old-file-fro',
	'06-pulling-the-rug/rm-from-build': 'predict-on-a-local-disk-rm-of-a-running-program-is-harml',
	'07-why-it-waits/drop-caches': 'predict-echo-3-proc-sys-vm-drop-caches-tells-the-kernel-',
	'07-why-it-waits/reload-now': 'predict-in-chapter-1-the-reload-after-this-deploy-was-fa',
	'08-deploying-safely/rename-from-build':
		'predict-build-just-renamed-something-over-mnt-nfs-bin-se',
	'08-deploying-safely/switched-link': 'predict-build-switched-the-link-a-moment-ago-which-build',
	'09-other-roads-to-sigbus/truncated-data-file':
		'predict-a-mapped-data-file-has-no-etxtbsy-protection-so-',
	'10-alignment/ldrd-vldr': 'predict-on-a-raspberry-pi-2-with-a-32-bit-kernel-in-the-',
};
