import { describe, expect, it } from 'vitest';
import { haproxyConfig, serverStatuses } from '../../src/topology/haproxy.js';
import { parseServersState, routeCommands } from '../../src/topology/router-admin.js';

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

describe('the router admin socket (gameday route)', () => {
  const withSocket = (adminSocket: string) =>
    haproxyConfig({
      port: 20001,
      statsPort: 20002,
      servers: [{ region: 'us', address: '127.0.0.1:20003' }],
      options: { interMs: 200, fall: 2, rise: 4, timeoutMs: 100 },
      adminSocket,
    });

  it('opens a level admin socket in global: a unix one for its owner only, or a TCP one', () => {
    expect(withSocket('/s/.gameday/haproxy.sock')).toMatch(
      /^global\n(?: {2}.*\n)* {2}stats socket \/s\/\.gameday\/haproxy\.sock mode 600 level admin\n/,
    );
    expect(withSocket('ipv4@0.0.0.0:9999')).toContain(
      '  stats socket ipv4@0.0.0.0:9999 level admin\n',
    );
    expect(config()).not.toContain('stats socket');
  });

  it('gives every region the same starting weight', () => {
    expect(config()).toMatch(/server us \S+ check .* weight 100$/m);
    expect(config()).toMatch(/server eu \S+ check .* weight 100$/m);
  });

  it('drain, ready (at the starting weight) and weight are runtime API commands', () => {
    expect(routeCommands('eu', 'drain')).toEqual(['set server regions/eu state drain']);
    expect(routeCommands('eu', 'ready')).toEqual([
      'set server regions/eu state ready',
      'set server regions/eu weight 100%',
    ]);
    expect(routeCommands('eu', 'weight', 0)).toEqual(['set server regions/eu weight 0']);
  });

  it('reads each region state and weight from `show servers state`', () => {
    const head =
      '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change';
    const text = [
      '1',
      head,
      '3 regions 1 us 127.0.0.1 2 0 100 100 1',
      '3 regions 2 eu 127.0.0.1 2 8 50 100 0',
      '3 regions 3 ap 127.0.0.1 0 1 100 100 0',
      '3 regions 4 sa 127.0.0.1 2 16 7 100 0',
      '4 other 1 xx 127.0.0.1 2 0 1 1 0',
      '',
    ].join('\n');
    expect(parseServersState(text)).toEqual({
      us: { state: 'ready', weight: 100 },
      eu: { state: 'drain', weight: 50 },
      ap: { state: 'maint', weight: 100 },
      sa: { state: 'drain', weight: 7 },
    });
  });
});
