// Runs the benchmarks listed here (add yours: one line) and prints each one's figures.
// `node dist/bench/main.js` runs all but the soak (30 minutes: name it to run it);
// `node dist/bench/main.js checks workload` runs some.
import { benchChecks } from './checks.js';
import { benchCli } from './cli.js';
import { benchDocker } from './docker.js';
import { benchLin } from './lin.js';
import { benchSoak } from './soak.js';
import { benchTopology } from './topology.js';
import { benchWorkload } from './workload.js';

const BENCHES: Record<string, () => Promise<unknown>> = {
  checks: benchChecks,
  cli: benchCli,
  docker: benchDocker,
  lin: benchLin,
  soak: benchSoak,
  topology: benchTopology,
  workload: benchWorkload,
};

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`,
    );
    return 2;
  }
  const chosen = names.length > 0 ? names : Object.keys(BENCHES).filter((n) => n !== 'soak');
  for (const name of chosen) {
    console.log(`== ${name}`);
    const started = performance.now();
    const figures = await BENCHES[name]!();
    console.log(JSON.stringify(figures, null, 2));
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
