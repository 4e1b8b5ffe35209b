// The schema of a rehearsal step (`step:` action, probe, wait, manual, mark): what a runbook
// rehearsal does besides faults. One variant per kind, keyed by `step`; the run plays each
// through its kind's file in src/run/steps/. `abort:` conditions are here too.
import * as z from 'zod';
import { duration } from './duration.js';
import { LIMITS } from './limits.js';
import { TARGET_PATTERN } from './slo-target.js';

const stepId = z
  .string()
  .regex(/^[A-Za-z0-9][\w-]*$/, { error: 'expected a short name of letters, digits, - or _' });

const argv = z.union([z.string().min(1), z.array(z.string()).min(1)]).meta({
  description:
    'A command: a list of arguments, or one string split on spaces (no shell). ${GAMEDAY_ROUTER_URL}, ${GAMEDAY_<REGION>_URL}, ${GAMEDAY_TOXIPROXY_URL} and ${GAMEDAY_RUN_DIR} are replaced; relative paths start from the scenario file.',
});

const common = {
  id: stepId
    .optional()
    .meta({ description: 'Step id shown in events, reports and SLO names; default s1, s2...' }),
  at: duration('When the step starts, as an offset from the end of warmup.'),
};

const percentTarget = z.string().regex(TARGET_PATTERN, { error: 'expected e.g. ">= 99%"' });

const kind = <K extends string, S extends z.core.$ZodLooseShape>(
  step: K,
  description: string,
  shape: S,
) =>
  z
    .strictObject({
      step: z.literal(step).meta({ description: 'The step kind; it decides the other fields.' }),
      ...common,
      ...shape,
    })
    .meta({ description });

export const rehearsalStepSchema = z.discriminatedUnion('step', [
  kind('action', 'Run a command (your runbook automation) and record its exit code and output.', {
    command: argv,
    timeout: duration(
      'Killed (with its children) when still running after this; a timeout fails like an error.',
      LIMITS.phaseMs,
    ).default('30s'),
    allowFailure: z
      .boolean()
      .default(false)
      .meta({ description: 'A non-zero exit or a timeout does not fail the run.' }),
    mitigates: z.boolean().default(false).meta({
      description:
        'The fix: time to mitigate may end when it succeeds and availability then holds at target.',
    }),
  }),
  kind('probe', 'Check an HTTP endpoint or a command, once or every `every` for `for`.', {
    url: z
      .string()
      .optional()
      .meta({ description: 'URL to request (placeholders as in command).' }),
    command: argv.optional().meta({ description: 'Instead of url: a command that exits 0.' }),
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']).default('GET').meta({
      description: 'HTTP method.',
    }),
    body: z.string().optional().meta({ description: 'Request body (JSON is sent as is).' }),
    status: z.int().min(100).max(599).optional().meta({
      description: 'Expected HTTP status (default: any 2xx).',
    }),
    jsonPath: z.string().optional().meta({
      description: 'Dotted path (`a.b.0`) that must exist in the JSON response.',
    }),
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional().meta({
      description: 'With jsonPath: the value it must hold.',
    }),
    match: z.string().optional().meta({ description: 'Regular expression the body must match.' }),
    every: duration('Repeat this often (omit: probe once).', LIMITS.shortMs).optional(),
    for: duration('With every: how long to keep probing.').optional(),
    timeout: duration('Each attempt fails after this.', LIMITS.shortMs).default('1s'),
    alert: z.boolean().default(false).meta({
      description: 'A failing attempt is the alert: time to detect may end at the first one.',
    }),
  }),
  kind('wait', 'Wait until a condition holds, or time out; the wait is measured (wait_<id>).', {
    probe: stepId
      .optional()
      .meta({ description: "Until this probe step's check passes (run every `every`)." }),
    availability: percentTarget
      .optional()
      .meta({ description: "Until the entry's availability over the last `over` meets this." }),
    over: duration('With availability: the window.', LIMITS.phaseMs).default('5s'),
    converged: z
      .literal(true)
      .optional()
      .meta({ description: 'Until every region returns the same data.' }),
    every: duration('How often the condition is checked.', LIMITS.shortMs).default('250ms'),
    timeout: duration('Give up after this (the wait is then "never").', LIMITS.phaseMs).default(
      '60s',
    ),
  }),
  kind('manual', 'Ask a person to act; record when they confirm with Enter.', {
    instruction: z.string().min(1).meta({ description: 'What the person must do.' }),
    timeout: duration(
      'On a terminal: give up waiting after this. With --auto-approve or without a terminal: confirmed after this (at once when absent).',
      LIMITS.phaseMs,
    ).optional(),
  }),
  kind('mark', 'Record a mark, as `gameday mark` does from a terminal.', {
    text: z.string().min(1).meta({ description: 'What the mark says.' }),
    kind: z.enum(['detected', 'mitigated', 'note']).default('note').meta({
      description: 'detected and mitigated marks end time to detect / time to mitigate.',
    }),
  }),
]);

export const abortSchema = z
  .strictObject({
    availability: percentTarget.optional().meta({
      description: "Abort when the entry's availability over `for` is below this: '< 50%'.",
    }),
    for: duration('With availability: how long it must stay below.', LIMITS.phaseMs).default('10s'),
    probe: stepId
      .optional()
      .meta({ description: 'Abort at the first failing attempt of this probe.' }),
  })
  .meta({ description: 'A condition that stops the run: heal everything, settle, check, exit 1.' });

export type RehearsalStepFile = z.output<typeof rehearsalStepSchema>;
export type AbortFile = z.output<typeof abortSchema>;
