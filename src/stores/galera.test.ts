// Galera's pure parts: the fence's iptables rules (and finding ours in a listing), the MySQL
// packets of the router check, and the launch a region gets.
import { describe, expect, it } from 'vitest';
import type { GaleraSpec } from '../model.js';
import { fenceRules, iptablesArgs, taggedRules } from './galera-fence.js';
import { packet, readyCheckScript } from './galera-probe.js';
import { galeraKind } from './galera.js';

const spec: GaleraSpec = {
  kind: 'galera',
  ignoreSplitBrain: true,
  arbitrator: false,
  causalReads: false,
  addresses: { us: '127.0.0.2', eu: '127.0.0.3' },
};

describe('galera fence', () => {
  it('refuses each region address the other regions group ports, never 127.0.0.1', () => {
    const rules = fenceRules({ us: '127.0.0.2:4001', eu: '127.0.0.3:4002' });
    expect(rules).toEqual([
      { from: '127.0.0.2', port: '4002' },
      { from: '127.0.0.3', port: '4001' },
    ]);
    const args = iptablesArgs('-A', rules[0]!, 'gameday-1-a').join(' ');
    expect(args).toContain('-s 127.0.0.2 --dport 4002');
    expect(args).toContain('--comment gameday-1-a -j REJECT --reject-with tcp-reset');
  });

  it('deletes only the rules tagged with this project, not a prefix of it', () => {
    const listing = [
      '-P OUTPUT ACCEPT',
      '-A OUTPUT -s 127.0.0.2/32 -p tcp -m tcp --dport 4002 -m comment --comment gameday-1-a -j REJECT --reject-with tcp-reset',
      '-A OUTPUT -s 127.0.0.2/32 -p tcp -m tcp --dport 5002 -m comment --comment gameday-1-ab -j REJECT --reject-with tcp-reset',
    ].join('\n');
    const ours = taggedRules(listing, 'gameday-1-a');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.slice(0, 3)).toEqual(['-D', 'OUTPUT', '-s']);
    expect(ours[0]).toContain('4002');
  });
});

describe('galera router check', () => {
  it('frames MySQL packets: 3-byte little-endian length, then the sequence id', () => {
    expect(packet(0, Buffer.from([0x01]))).toBe('0100000001');
    expect(packet(1, Buffer.alloc(300)).slice(0, 8)).toBe('2c010001');
  });

  it('logs in, asks for wsrep_ready and expects the mark the query alone can produce', () => {
    const script = readyCheckScript();
    expect(script[0]).toBe('connect');
    expect(script.filter((r) => r.startsWith('send-binary'))).toHaveLength(3);
    expect(script).toContain('expect string gameday-wsrep-ready');
  });
});

describe('galera launch', () => {
  const ctx = (region: string, port: number) => ({
    region,
    host: '127.0.0.1',
    port,
    dataDir: `/d/${region}`,
    peers: { [region === 'us' ? 'eu' : 'us']: 'http://127.0.0.1:7000' },
  });

  it('binds group traffic to the region address and dials peers through the links', () => {
    const { args } = galeraKind.launch(spec, ctx('eu', 5000));
    const line = args.join(' ');
    expect(args[3]).toBe('/d/eu');
    expect(args[4]).toBe('join');
    expect(line).toContain('gmcast.listen_addr=tcp://127.0.0.3:5000');
    expect(line).toContain('ist.recv_addr=127.0.1.3:5000');
    expect(line).toContain('--wsrep-cluster-address=gcomm://127.0.0.1:7000');
    expect(line).toContain('pc.ignore_sb=true');
  });

  it('sets wsrep_sync_wait=1 for causal reads, and leaves the default otherwise', () => {
    const flag = (s: GaleraSpec) =>
      galeraKind.launch(s, ctx('eu', 5000)).args.filter((a) => a.startsWith('--wsrep-sync-wait'));
    expect(flag(spec)).toEqual([]);
    expect(flag({ ...spec, causalReads: true })).toEqual(['--wsrep-sync-wait=1']);
  });

  it('lets only the first region bootstrap, and links dial the group listener', () => {
    expect(galeraKind.launch(spec, ctx('us', 5000)).args[4]).toBe('bootstrap');
    expect(galeraKind.replicationUpstream!(spec, 'eu', '127.0.0.1:5000')).toBe('127.0.0.3:5000');
  });
});
