// xmllint's verdict on a junit.xml against the JUnit XSD kept in test/fixtures/junit-xsd.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const JUNIT_XSD = join(import.meta.dirname, '..', 'fixtures', 'junit-xsd', 'junit-10.xsd');

/** Why the tests that need xmllint skip, or undefined when it is installed. */
export const NO_XMLLINT = spawnSync('xmllint', ['--version']).error
  ? 'xmllint is not installed (Debian libxml2-utils: scripts/bootstrap --for-tests)'
  : undefined;

/** '' when the document is valid against the schema, else xmllint's messages. */
export function xsdProblems(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-junit-'));
  try {
    const file = join(dir, 'junit.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], {
      encoding: 'utf8',
    });
    return run.status === 0 ? '' : run.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
