import { describe, expect, it } from 'vitest';
import { haproxyConfig, serverStatuses } from '../../src/topology/haproxy.js';

const config = () =>
  haproxyConfig({
    port: 20001,
    statsPort: 20002,
    servers: [
      { region: 'us', address: '127.0.0.1:20003' },
      { region: 'eu', address: '127.0.0.1:20004' },
    ],
    options: { interMs: 200, fall: 2, rise: 4, timeoutMs: 100 },
  });

describe('haproxyConfig', () => {
  it('checks every region through its client link with the given inter/fall/rise/timeout', () => {
    const text = config();
    expect(text).toContain('server us 127.0.0.1:20003 check inter 200 fall 2 rise 4');
    expect(text).toContain('server eu 127.0.0.1:20004 check inter 200 fall 2 rise 4');
    expect(text).toContain('timeout check 100ms');
    expect(text).toContain('option httpchk GET /health');
    expect(text).toContain('balance roundrobin');
  });

  it('never retries or redispatches a failed request to the other region', () => {
    const text = config();
    expect(text).toMatch(/^\s*retries 0$/m);
    expect(text).toMatch(/^\s*no option redispatch$/m);
    expect(text).not.toMatch(/^\s*option redispatch/m);
  });

  it('binds only to 127.0.0.1', () => {
    const binds = config().match(/^\s*bind .*$/gm) ?? [];
    expect(binds).toHaveLength(2);
    for (const bind of binds) expect(bind).toMatch(/bind 127\.0\.0\.1:\d+$/);
  });
});

describe('serverStatuses', () => {
  it('reads each backend server status from the stats CSV, skipping aggregates', () => {
    const csv = [
      '# pxname,svname,qcur,status,weight',
      'entry,FRONTEND,,OPEN,',
      'regions,us,0,UP,1',
      'regions,eu,0,DOWN 1/2,1',
      'regions,BACKEND,0,UP,1',
      'stats,FRONTEND,,OPEN,',
    ].join('\n');
    expect(serverStatuses(csv)).toEqual({ us: 'UP', eu: 'DOWN 1/2' });
  });
});
