// The schema of one SLO target as written in a scenario; its unit is checked against the SLO
// by resolveTarget (./slo-target.ts, the one grammar), which has no zod so `check` loads fast.
import * as z from 'zod';
import { TARGET_HINT, TARGET_PATTERN } from './slo-target.js';

export const sloTarget = z
  .union([
    z.number({ error: `expected ${TARGET_HINT}` }).min(0, { error: 'must not be negative' }),
    z.string().regex(TARGET_PATTERN, { error: `expected ${TARGET_HINT}` }),
    z.literal(true, { error: `expected ${TARGET_HINT}` }),
  ])
  .meta({ description: `${TARGET_HINT}` });
