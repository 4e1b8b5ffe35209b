// Credentials never reach a run directory: the scenario copied next to the history keeps its
// lines (so file:line in messages still points right) with secret values replaced.
const SECRET_KEY =
  /^(\s*-?\s*["']?[\w.-]*(password|passwd|secret|token|credential|api[_-]?key)[\w.-]*["']?\s*:\s*)(\S.*?)(\s+#.*)?$/i;
/** `scheme://user:password@host` → `scheme://user:***@host`, wherever it appears. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

export const REDACTED = '"***"';

/** The scenario text with every secret-looking value replaced by "***". */
export function redactSecrets(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = SECRET_KEY.exec(line);
      const kept = m ? `${m[1]}${REDACTED}${m[4] ?? ''}` : line;
      return kept.replace(URL_PASSWORD, '$1***@');
    })
    .join('\n');
}
