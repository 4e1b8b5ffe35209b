// kill-region: the region's store dies at once (SIGKILL / docker kill): a crash, no goodbye.
import { regionFault } from './region-control.js';

export const killRegion = regionFault('kill-region', 'kill');
