// The explicit registry of commands: one file per command in this folder, one line here.
import type { Command } from 'commander';
import { register as doctor } from './doctor.js';
import { register as up } from './up.js';
import { register as status } from './status.js';
import { register as fault } from './fault.js';
import { register as heal } from './heal.js';
import { register as down } from './down.js';
import { register as check } from './check.js';
import { register as report } from './report.js';
import { register as validate } from './validate.js';
import { register as scenarios } from './scenarios.js';
import { register as run } from './run.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  run,
  doctor,
  up,
  status,
  fault,
  heal,
  down,
  check,
  report,
  validate,
  scenarios,
];
