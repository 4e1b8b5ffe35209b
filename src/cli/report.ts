// `gameday report RUN_DIR [--open]`: recompute the checks and (re)build RUN_DIR/report.html.
import type { Command } from 'commander';
import { checkRunDir } from '../checks/index.js';
import { startDaemon } from '../proc/run.js';
import { which } from '../proc/which.js';
import { writeHtmlReport } from '../report/html/write.js';
import { log, out } from './ui.js';

export function register(program: Command): void {
  program
    .command('report')
    .description(
      "(re)build RUN_DIR/report.html: timelines of the run and the checks' verdicts, one self-contained file",
    )
    .argument(
      '<run-dir>',
      'a run directory (history.jsonl, events.jsonl, final.json, scenario.yaml)',
    )
    .option(
      '--open',
      'open the report in your browser (xdg-open or open); prints the path otherwise',
    )
    .action(async (dir: string, opts: { open?: boolean }) => {
      const path = await writeHtmlReport(dir, await checkRunDir(dir));
      out(path);
      if (opts.open) await openInBrowser(path);
    });
}

async function openInBrowser(path: string): Promise<void> {
  const opener = which(process.platform === 'darwin' ? 'open' : 'xdg-open');
  if (!opener) {
    log(`no xdg-open/open found: open ${path} in a browser`);
    return;
  }
  await startDaemon({ command: opener, args: [path], logFile: '/dev/null' });
}
