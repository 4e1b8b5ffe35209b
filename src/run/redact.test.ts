import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('replaces values of secret-looking keys, keeping lines and comments', () => {
    const text = [
      'name: mysql-partition',
      'topology:',
      '  store:',
      '    user: app',
      '    password: hunter2 # from the vault',
      '    MYSQL_ROOT_PASSWORD: "s3cret"',
      '    apiKey: abc',
      '  - token: xyz',
    ].join('\n');
    const out = redactSecrets(text);
    expect(out.split('\n')).toHaveLength(8);
    expect(out).not.toMatch(/hunter2|s3cret|abc|xyz/);
    expect(out).toContain('    password: "***" # from the vault');
    expect(out).toContain('    user: app');
    expect(out).toContain('name: mysql-partition');
  });

  it('removes passwords from URLs and leaves other text alone', () => {
    expect(redactSecrets('url: redis://default:pa55@127.0.0.1:6379/0')).toBe(
      'url: redis://default:***@127.0.0.1:6379/0',
    );
    const plain = 'duration: 30s\nsteps: []\nslo: {lost_writes: 0}';
    expect(redactSecrets(plain)).toBe(plain);
  });
});
