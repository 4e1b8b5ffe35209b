// `${GAMEDAY_ROUTER_URL}`-style placeholders in rehearsal commands and probe URLs: the same
// names the commands get in their environment, so a runbook script and a probe agree.

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** The environment variable naming a region's client URL: eu → GAMEDAY_EU_URL. */
export function regionUrlVar(region: string): string {
  return `GAMEDAY_${region.toUpperCase().replace(/-/g, '_')}_URL`;
}

/** Every placeholder a scenario with these regions may use. */
export function placeholderNames(regions: readonly string[]): string[] {
  return [
    'GAMEDAY_ROUTER_URL',
    'GAMEDAY_TOXIPROXY_URL',
    'GAMEDAY_RUN_DIR',
    ...regions.map(regionUrlVar),
  ];
}

/** The placeholders used in text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** text with every known placeholder replaced (unknown ones are left as written). */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
