/**
 * The twin-world comparison's script: which worlds there are and the steps both run. It has no
 * engine imports, so the page can list the steps before the simulation is loaded.
 */

export type Side = 'local' | 'nfs';
export const SIDES: readonly Side[] = ['local', 'nfs'];

/** What each world is, for headings and for finding its file in the drawing. */
export const WORLDS: Record<Side, { title: string; path: string }> = {
	local: { title: 'Local ext4 disk', path: '/opt/app/bin/server' },
	nfs: { title: 'NFS share', path: '/mnt/nfs/bin/server' },
};

/** Both sides' terminals are on app, with core dumps on, as chapter 6's lab is. */
export const TWIN_HOST = 'app';
export const TWIN_SETUP: readonly string[] = ['ulimit -c unlimited'];

/** One step of the shared sequence: what it does, and the line each world types for it. */
export interface TwinStep {
	title: string;
	lines: Record<Side, string>;
}

export const TWIN_STEPS: readonly TwinStep[] = [
	{
		title: 'Start the server from its file',
		lines: { local: '/opt/app/bin/server &', nfs: '/mnt/nfs/bin/server &' },
	},
	{
		title: 'Copy the new build over the running binary',
		lines: {
			local: 'cp /root/server-v2 /opt/app/bin/server',
			nfs: 'ssh build cp /root/out/server /mnt/nfs/bin/server',
		},
	},
	{
		title: 'Ask the server to reload (its cold code runs)',
		lines: { local: 'kill -HUP %1', nfs: 'kill -HUP %1' },
	},
	{
		title: 'Wait a second for bash to report on its jobs',
		lines: { local: 'sleep 1', nfs: 'sleep 1' },
	},
	{
		title: 'Start a fresh copy of the server',
		lines: { local: '/opt/app/bin/server &', nfs: '/mnt/nfs/bin/server &' },
	},
];
