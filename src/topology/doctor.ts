// What `gameday doctor` checks: each tool the local driver needs, its version, and the fix.
import { run } from '../proc/run.js';
import { dockerChecks } from '../docker/doctor.js';
import { FAKETIME_FIX, libfaketime } from './clock.js';
import { requiredTools } from './drivers/local-parts.js';
import { ephemeralRange, portWindow } from './ports.js';

export interface Check {
  name: string;
  ok: boolean;
  /** Required for the local driver (a failed required check means `up` cannot work). */
  required: boolean;
  detail: string;
  fix?: string;
}

export async function doctorChecks(): Promise<Check[]> {
  const tools = await Promise.all(requiredTools().map(toolCheck));
  const [low, high] = ephemeralRange();
  const [from, to] = portWindow([low, high]);
  return [
    nodeCheck(),
    ...tools,
    faketimeCheck(),
    ...(await dockerChecks()),
    {
      name: 'ports',
      ok: true,
      required: false,
      detail: `listen ports from ${from}-${to} (ephemeral range ${low}-${high} avoided)`,
    },
  ];
}

/** libfaketime: only the clock-skew fault needs it (read when a topology starts). */
function faketimeCheck(): Check {
  const lib = libfaketime();
  return {
    name: 'libfaketime',
    ok: lib !== undefined,
    required: false,
    detail: lib ?? 'not found (the clock-skew fault needs it)',
    fix: lib ? undefined : FAKETIME_FIX,
  };
}

function nodeCheck(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > 20 || (major === 20 && minor >= 5);
  return {
    name: 'node',
    ok,
    required: true,
    detail: process.version,
    fix: ok ? undefined : 'install Node.js 20.5 or later',
  };
}

async function toolCheck(tool: { name: string; path?: string; fix: string }): Promise<Check> {
  if (!tool.path)
    return { name: tool.name, ok: false, required: true, detail: 'not found', fix: tool.fix };
  // How to ask each tool its version, and the word that shows it is that tool (a `server`
  // found where `go install` puts binaries could be another program's).
  const versions: Record<string, { args: string[]; says: RegExp }> = {
    'toxiproxy-server': { args: ['-version'], says: /toxiproxy/i },
    haproxy: { args: ['-v'], says: /haproxy/i },
  };
  const asked = versions[tool.name];
  if (!asked) return { name: tool.name, ok: true, required: true, detail: tool.path };
  const result = await run(tool.path, asked.args, { timeoutMs: 5000 }).catch(() => undefined);
  const version = (result?.stdout || result?.stderr || '').split('\n')[0]?.trim() ?? '';
  return {
    name: tool.name,
    ok: result?.exitCode === 0 && asked.says.test(version),
    required: true,
    detail: `${tool.path} ${version}`,
    fix: tool.fix,
  };
}
