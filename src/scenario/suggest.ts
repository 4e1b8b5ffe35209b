// Typo suggestions: `fualt` -> `fault`, by edit distance with transpositions counted as one.

const SWAP_COST = 0.75;

/** Optimal-string-alignment distance: insertions, deletions, substitutions, swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        // A swap is the commonest typo (`fualt`, `ue`): rank it ahead of a substitution.
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + SWAP_COST);
      }
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate, if it is close enough to be what the user meant. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const limit = wanted.length <= 3 ? 1 : wanted.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best ?? longestSharedPrefix(wanted, candidates);
}

/** `stale_reads` -> `stale_read_rate`: a long shared prefix is a guess edit distance misses. */
function longestSharedPrefix(wanted: string, candidates: readonly string[]): string | undefined {
  const shared = (c: string) => {
    let n = 0;
    while (n < wanted.length && n < c.length && wanted[n] === c[n]!.toLowerCase()) n++;
    return n;
  };
  const best = [...candidates].sort((a, b) => shared(b) - shared(a))[0];
  const length = best === undefined ? 0 : shared(best);
  return length >= 4 && length >= wanted.length * 0.6 ? best : undefined;
}

/** " (did you mean `fault`?)" or "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const guess = closest(name, candidates);
  return guess === undefined ? '' : ` (did you mean \`${guess}\`?)`;
}
