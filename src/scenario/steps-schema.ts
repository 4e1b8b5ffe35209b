// The schema of one `steps` entry: one variant per fault kind, keyed by `fault`, so an editor
// offers exactly the fields that fault takes and a misplaced field is an error.
import * as z from 'zod';
import { duration } from './duration.js';
import { LIMITS } from './limits.js';

const regionName = z.string().meta({ description: 'A region named in topology.regions.' });

const common = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9][\w-]*$/, { error: 'expected a short name of letters, digits, - or _' })
    .optional()
    .meta({ description: 'Step id shown in events and reports; default s1, s2... by order.' }),
  at: duration('When the fault starts, as an offset from the end of warmup.'),
  duration: duration('How long the fault stays in force; it is healed automatically after.'),
};

const linkFields = {
  regions: z
    .array(regionName)
    .length(2, { error: 'a link fault names exactly two regions, e.g. [us, eu]' })
    .meta({ description: 'The two regions whose link is affected, e.g. [us, eu].' }),
  scope: z.enum(['replication', 'clients', 'both']).default('replication').meta({
    description: 'Which links: replication between the regions, client links to them, or both.',
  }),
  oneway: z
    .boolean()
    .default(false)
    .meta({ description: 'Only the direction from the first region to the second.' }),
};

const regionFields = {
  region: regionName.optional().meta({ description: 'The region affected (or `regions: [eu]`).' }),
  regions: z
    .array(regionName)
    .length(1, { error: 'a region fault names exactly one region, e.g. `region: eu`' })
    .optional()
    .meta({ description: 'Same as `region`, as a one-element list.' }),
};

const positiveMs = (description: string, max: number = LIMITS.faultDelayMs) =>
  z
    .number()
    .positive({ error: 'must be greater than 0' })
    .max(max)
    .meta({ description: `${description} At most ${max.toLocaleString('en-US')}.` });

const step = <K extends string, S extends z.core.$ZodLooseShape>(
  fault: K,
  description: string,
  shape: S,
) =>
  z
    .strictObject({
      fault: z.literal(fault).meta({ description: 'The fault kind; it decides the other fields.' }),
      ...common,
      ...shape,
    })
    .meta({ description });

export const stepSchema = z.discriminatedUnion('fault', [
  step('partition', 'Cut the link between two regions.', {
    ...linkFields,
    mode: z.enum(['blackhole', 'refuse', 'reset']).default('blackhole').meta({
      description:
        'blackhole: data silently dropped; refuse: connections refused; reset: connections reset.',
    }),
  }),
  step('latency', 'Add delay to the link between two regions.', {
    ...linkFields,
    ms: positiveMs('Added delay in milliseconds, each way.'),
    jitter: z
      .number()
      .min(0)
      .max(LIMITS.faultDelayMs)
      .default(0)
      .meta({
        description: `Random extra delay, up to this many ms (at most ${LIMITS.faultDelayMs}).`,
      }),
  }),
  step('bandwidth', 'Limit the throughput of the link between two regions.', {
    ...linkFields,
    kbps: positiveMs('Throughput limit in kilobytes per second.', LIMITS.kbps),
  }),
  step('flaky', 'Make a share of the connections on the link fail.', {
    ...linkFields,
    toxicity: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .meta({ description: 'Share of connections affected, 0..1.' }),
    mode: z
      .enum(['timeout', 'reset'])
      .default('timeout')
      .meta({ description: 'timeout: affected connections hang; reset: they are reset.' }),
  }),
  step('slow-close', 'Delay the closing of connections on the link.', {
    ...linkFields,
    ms: positiveMs('Delay before a connection closes, in milliseconds.'),
  }),
  step('kill-region', "SIGKILL the region's store; restarted when the step ends.", regionFields),
  step(
    'stop-region',
    "Stop the region's store gracefully; restarted when the step ends.",
    regionFields,
  ),
  step('pause-region', "Freeze the region's store (SIGSTOP): the gray failure.", regionFields),
  step('isolate-region', 'Cut the client and replication links of one region.', regionFields),
  step(
    'clock-skew',
    "Shift the wall clock of one region's store (libfaketime; bundled store or galera, local or docker driver).",
    {
      ...regionFields,
      ms: z
        .number()
        .int({ error: 'expected a whole number of milliseconds' })
        .min(-LIMITS.clockSkewMs)
        .max(LIMITS.clockSkewMs)
        .refine((ms) => ms !== 0, { error: 'must not be 0' })
        .meta({
          description: `Milliseconds the clock is shifted: positive ahead, negative behind; not 0, at most ${LIMITS.clockSkewMs.toLocaleString('en-US')} either way.`,
        }),
    },
  ),
]);

export type StepInput = z.input<typeof stepSchema>;
export type StepFile = z.output<typeof stepSchema>;
