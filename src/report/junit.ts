// junit.xml: one test case per SLO. Every case says its measured value and target in
// system-out, pass or fail; a broken SLO's failure message is measured vs target plus the first
// evidence, so a CI page says why without opening the run directory. The suite carries the run
// (report.json `run`) as properties, with its start time and duration. Fits the JUnit XSD CI
// servers use (Jenkins' junit-10.xsd, test/report/junit-xsd.test.ts validates against it):
// timestamp without zone, properties before the cases.
import type { Report } from '../model.js';
import { formatMeasured } from './format.js';

/** Characters XML 1.0 cannot carry at all, not even as a reference (control characters, NUL,
 * lone surrogates): a value a store returned may hold them, and evidence quotes such values. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escaped for text and attribute values; a character XML cannot carry is shown as `\u0007`. */
const escapeXml = (s: string): string =>
  s
    .replace(NOT_XML, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`)
    .replace(
      /[<>&'"]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
    );

export function junitXml(report: Report, suite = report.run?.scenario ?? 'gameday'): string {
  const failures = report.slos.filter((s) => !s.pass).length;
  const tests = report.slos.length;
  const cases = report.slos.map((slo) => {
    const open = `  <testcase classname="${escapeXml(suite)}.slo" name="${escapeXml(slo.name)}" time="0"`;
    const message = `measured ${formatMeasured(slo.name, slo.measured)}, target ${slo.target}`;
    const out = `    <system-out>${escapeXml(`${message}: ${slo.pass ? 'pass' : 'FAIL'}`)}</system-out>`;
    if (slo.pass) return `${open}>\n${out}\n  </testcase>`;
    const detail = [message, ...(slo.evidence ?? [])].join('\n');
    return (
      `${open}>\n    <failure message="${escapeXml(message + (slo.evidence?.[0] ? `: ${slo.evidence[0]}` : ''))}" type="slo">` +
      `${escapeXml(detail)}</failure>\n${out}\n  </testcase>`
    );
  });
  const timing = suiteTiming(report);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gameday" tests="${tests}" failures="${failures}" errors="0"${timing.time}>`,
    `<testsuite name="${escapeXml(suite)}" tests="${tests}" failures="${failures}" errors="0" skipped="0"${timing.time}${timing.stamp}>`,
    ...properties(report),
    ...cases,
    ...(report.scenarioClock
      ? [`  <system-out>${escapeXml(report.scenarioClock.note)}</system-out>`]
      : []),
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** ` time="52.000"` and ` timestamp="2026-11-30T09:00:00"` (UTC; the XSD's pattern has no
 * zone; the root element takes no timestamp). */
function suiteTiming(report: Report): { time: string; stamp: string } {
  const { durationMs, startedAt } = report.run ?? {};
  const time = typeof durationMs === 'number' ? ` time="${(durationMs / 1000).toFixed(3)}"` : '';
  const started = startedAt ? new Date(startedAt) : undefined;
  const stamp =
    started && !Number.isNaN(started.getTime())
      ? ` timestamp="${started.toISOString().slice(0, 19)}"`
      : '';
  return { time, stamp };
}

/** The run object, flattened (`run.store.kind`), and the clock the report's times are on. */
function properties(report: Report): string[] {
  const flat: [string, string][] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    } else flat.push([prefix, String(value)]);
  };
  walk('run', report.run ?? {});
  if (report.scenarioClock) flat.push(['scenarioClock', report.scenarioClock.note]);
  if (flat.length === 0) return [];
  return [
    '  <properties>',
    ...flat.map(
      ([name, value]) => `    <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`,
    ),
    '  </properties>',
  ];
}
