// junit.xml: one test case per SLO; a broken SLO's failure message is measured vs target plus
// the first evidence, so a CI page says why without opening the run directory.
import type { Report } from '../model.js';
import { formatMeasured } from './format.js';

const escapeXml = (s: string): string =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

export function junitXml(report: Report, suite = 'gameday'): string {
  const failures = report.slos.filter((s) => !s.pass).length;
  const cases = report.slos.map((slo) => {
    const open = `  <testcase classname="${escapeXml(suite)}.slo" name="${escapeXml(slo.name)}"`;
    if (slo.pass) return `${open}/>`;
    const message = `measured ${formatMeasured(slo.name, slo.measured)}, target ${slo.target}`;
    const detail = [message, ...(slo.evidence ?? [])].join('\n');
    return (
      `${open}>\n    <failure message="${escapeXml(message + (slo.evidence?.[0] ? `: ${slo.evidence[0]}` : ''))}" type="slo">` +
      `${escapeXml(detail)}</failure>\n  </testcase>`
    );
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gameday" tests="${report.slos.length}" failures="${failures}">`,
    `<testsuite name="${escapeXml(suite)}" tests="${report.slos.length}" failures="${failures}" errors="0">`,
    ...cases,
    ...(report.scenarioClock
      ? [`  <system-out>${escapeXml(report.scenarioClock.note)}</system-out>`]
      : []),
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
