// Options several commands share, defined once so their help text and choices cannot drift.
import { Option } from 'commander';

/** --driver: where the regions run (up, run, drill, matrix). */
export const driverOption = (): Option =>
  new Option('--driver <kind>', 'where regions run (auto: docker when an engine answers)')
    .choices(['local', 'docker', 'auto'])
    .default('local');

/** --compose: the user's own compose file for the docker driver (run, matrix). */
export const composeOption = (): Option =>
  new Option(
    '--compose <file>',
    "docker: your compose file (the scenario's topology.compose maps it), or for redis-sentinel and galera a copy of compose/<kind>.yml",
  );
