// The shape of GET /dump (docs/targets.md): {"keys": {"k": value, ...}}, plus, for a store that
// keeps concurrent values, {"siblings": {"k": [v1, v2], ...}}. Anything else is the store's
// contract broken, never an empty store: read as empty, every acknowledged write looks lost.

export interface DumpBody {
  keys: Record<string, unknown>;
  siblings?: Record<string, unknown[]>;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The parsed body, or what is wrong with it (a phrase that follows "answered"). */
export function parseDump(body: string): DumpBody | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `${excerpt(body)}, which is not JSON`;
  }
  if (!isMap(parsed)) return `${excerpt(body)}, not a JSON object with a "keys" field`;
  if (!('keys' in parsed)) return `${excerpt(body)}: the field "keys" is missing`;
  if (!isMap(parsed.keys)) return `${excerpt(body)}: "keys" must be an object of key → value`;
  const { siblings } = parsed;
  if (siblings === undefined) return { keys: parsed.keys };
  if (!isMap(siblings) || Object.values(siblings).some((v) => !Array.isArray(v))) {
    return `${excerpt(body)}: "siblings" must be an object of key → list of values`;
  }
  return { keys: parsed.keys, siblings: siblings as Record<string, unknown[]> };
}

function excerpt(body: string): string {
  const text = body.trim();
  return text.length > 80 ? `${text.slice(0, 80)}…` : text === '' ? 'an empty body' : text;
}
