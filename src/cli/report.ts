// `gameday report RUN_DIR [--open]`: recompute the checks and (re)build RUN_DIR/report.html;
// `--format md [--out FILE]`: the run as a Markdown timeline for a postmortem (stdout by default).
import { writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { checkRunDir } from '../checks/index.js';
import { BadInputError } from '../errors.js';
import { markdownReport } from '../report/markdown.js';
import { readEventLines } from '../run/events.js';
import { startDaemon } from '../proc/run.js';
import { which } from '../proc/which.js';
import { checkForHtml, writeHtmlReport } from '../report/html/write.js';
import { maxMemoryOption, parseMaxMemory, parseWorkers, workersOption } from './options.js';
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
    .addOption(
      new Option('--format <format>', 'html: RUN_DIR/report.html; md: a Markdown timeline')
        .choices(['html', 'md'])
        .default('html'),
    )
    .option('--out <file>', 'md: write the Markdown here instead of stdout')
    .addOption(workersOption())
    .addOption(maxMemoryOption())
    .addHelpText('after', EXAMPLE)
    .action(async (dir: string, opts: ReportFlags) => {
      const workers = parseWorkers(opts.workers);
      const maxMemory = parseMaxMemory(opts.maxMemory);
      const read = { ...(workers && { workers }), ...(maxMemory && { maxMemory }) };
      if (opts.format === 'md') return markdown(dir, opts.out, read);
      if (opts.out) {
        throw new BadInputError(
          '--out is for --format md (report.html is always RUN_DIR/report.html)',
          `gameday report ${dir} --format md --out postmortem.md`,
        );
      }
      const { report, history } = await checkForHtml(dir, read);
      const path = await writeHtmlReport(dir, report, history);
      out(path);
      if (opts.open) await openInBrowser(path);
    });
}

interface ReportFlags {
  open?: boolean;
  format: string;
  out?: string;
  workers?: string;
  maxMemory?: string;
}

const EXAMPLE = `
Examples:
  $ gameday report runs/20261130-090000-drill --open
  $ gameday report runs/20261130-090000-drill --format md > postmortem.md
  $ gameday report runs/20261130-090000-drill --format md --out postmortem.md
  $ gameday report runs/soak --max-memory 512MB`;

/** The Markdown timeline, from the checks recomputed and events.jsonl as recorded. */
async function markdown(
  dir: string,
  file: string | undefined,
  read: { workers?: number; maxMemory?: number },
): Promise<void> {
  const report = await checkRunDir(dir, read);
  const events = readEventLines(join(dir, 'events.jsonl'));
  const title = report.run?.scenario ?? basename(resolve(dir));
  const text = markdownReport({ report, events, title });
  if (!file) return out(text.trimEnd());
  writeFileSync(file, text);
  out(resolve(file));
}

async function openInBrowser(path: string): Promise<void> {
  const opener = which(process.platform === 'darwin' ? 'open' : 'xdg-open');
  if (!opener) {
    log(`no xdg-open/open found: open ${path} in a browser`);
    return;
  }
  await startDaemon({ command: opener, args: [path], logFile: '/dev/null' });
}
