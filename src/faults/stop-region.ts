// stop-region: the region's store shuts down gracefully (SIGTERM / docker stop).
import { regionFault } from './region-control.js';

export const stopRegion = regionFault('stop-region', 'stop');
