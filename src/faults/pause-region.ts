// pause-region: the region's store is frozen (SIGSTOP / docker pause): it holds its sockets
// open but answers nothing, the gray failure health checks must time out on.
import { regionFault } from './region-control.js';

export const pauseRegion = regionFault('pause-region', 'pause');
