import { describe, expect, it } from 'vitest';
import { acceptRuleArgs, parseRules } from './firewall.ts';

describe('DOCKER-USER accept rules', () => {
  it('accepts only traffic bridged within one bridge, commented with the run id', () => {
    expect(acceptRuleArgs('DOCKER-USER', 'vlabc123b0', 'abc123')).toEqual(['DOCKER-USER', '-i', 'vlabc123b0', '-o', 'vlabc123b0', '-m', 'comment', '--comment', 'vracklab.run-id=abc123', '-j', 'ACCEPT']);
  });

  it('finds our rules in iptables -S output and ignores everybody else’s', () => {
    const listing = [
      '-N DOCKER-USER',
      '-A DOCKER-USER -i vlabc123b0 -o vlabc123b0 -m comment --comment vracklab.run-id=abc123 -j ACCEPT',
      '-A DOCKER-USER -i br-x -o br-x -m comment --comment "someone else" -j ACCEPT',
      '-A DOCKER-USER -i vlzzz999b1 -o vlzzz999b1 -m comment --comment "vracklab.run-id=zzz999" -j ACCEPT',
      '-A DOCKER-USER -j RETURN',
    ].join('\n');
    const rules = parseRules('DOCKER-USER', listing);
    expect(rules.map((r) => r.runId)).toEqual(['abc123', 'zzz999']);
    expect(rules[0]?.spec).toEqual(acceptRuleArgs('DOCKER-USER', 'vlabc123b0', 'abc123'));
    expect(rules[1]?.spec).toContain('vracklab.run-id=zzz999');
  });
});
