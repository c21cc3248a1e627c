/**
 * The playground's lab. Its setup is the article's situation: core dumps on, and the server
 * running on app straight from NFS.
 */
import type { Host } from './permalink';

export const PLAYGROUND_HOST: Host = 'app';
export const PLAYGROUND_SETUP: readonly string[] = ['ulimit -c unlimited', '/mnt/nfs/bin/server &'];
