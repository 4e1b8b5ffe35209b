// Tolerances for `gameday compare`: how far a figure may move towards worse before it is a
// regression. `+20%` is relative to the base; `+500ms`, `+2s`, `+3` are absolute in the
// figure's unit; `-1%` for a figure where lower is worse. The sign must point towards worse.
import { BadInputError } from '../errors.js';
import { FIGURES, type FigureDefinition } from './figures.js';

export interface Tolerance {
  text: string;
  /** Relative (a fraction of the base) or absolute (in the figure's unit). */
  kind: 'relative' | 'absolute';
  amount: number;
}

const GRAMMAR = /^([+-])(\d+(?:\.\d+)?)(%|ms|s)?$/;

export function parseTolerance(name: string, text: string, figure: FigureDefinition): Tolerance {
  const m = GRAMMAR.exec(text.trim());
  const towardsWorse = figure.worse === 'higher' ? '+' : '-';
  const example = `${name}=${towardsWorse}20%`;
  if (!m) {
    throw new BadInputError(
      `--tolerance ${name}=${text} is not a tolerance`,
      `write a change towards worse, relative or absolute: ${example}, ${name}=${towardsWorse}${figure.unit === 'ms' ? '500ms' : '2'}`,
    );
  }
  const [, sign, number, unit = ''] = m;
  if (sign !== towardsWorse) {
    throw new BadInputError(
      `--tolerance ${name}=${text} points the wrong way: ${figure.worse} ${name} is worse`,
      `write ${example}`,
    );
  }
  if ((unit === 'ms' || unit === 's') && figure.unit !== 'ms') {
    throw new BadInputError(
      `--tolerance ${name}=${text}: ${name} is not a time`,
      `write ${example}`,
    );
  }
  if (unit === '%') return { text, kind: 'relative', amount: Number(number) / 100 };
  return { text, kind: 'absolute', amount: Number(number) * (unit === 's' ? 1000 : 1) };
}

/** Every figure's tolerance: the defaults, overridden by `NAME=CHANGE` flags. */
export function tolerances(flags: string[]): Record<string, Tolerance> {
  const chosen = Object.fromEntries(Object.entries(FIGURES).map(([n, f]) => [n, f.tolerance]));
  for (const flag of flags) {
    const [name = '', ...rest] = flag.split('=');
    if (!(name in FIGURES)) {
      throw new BadInputError(
        `--tolerance ${flag}: unknown figure "${name}"`,
        `figures: ${Object.keys(FIGURES).join(', ')}`,
      );
    }
    chosen[name] = rest.join('=');
  }
  return Object.fromEntries(
    Object.entries(chosen).map(([n, t]) => [n, parseTolerance(n, t, FIGURES[n]!)]),
  );
}
