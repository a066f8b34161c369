import { describe, expect, it } from 'vitest';
import { dot1qScenarioScript } from './dot1q-scenario.ts';

describe('dot1q replay script', () => {
  it('replays the fabric plan with real keeper PIDs captured into variables', async () => {
    const { script } = await dot1qScenarioScript('abc123');
    expect(script.startsWith('set -e\n')).toBe(true);
    expect(script).toContain('P7700001=$(nsenter --net=/run/netns/vlabc123-a1 sh -c');
    expect(script).toContain('link add vlabc123v0 type veth peer name t-eth1 netns $P7700001');
    expect(script).toContain('nsenter -t $P7700001 -n ip -batch - <<EOF\nlink set dev t-eth1 up\nlink add link t-eth1 name eth1 type vlan id 10\n');
    expect(script).toContain('bridge -batch - <<EOF\nvlan del dev vlabc123v2 vid 1\nvlan add dev vlabc123v2 vid 20\nEOF');
    // No placeholder leaks outside a variable, and nothing touches iptables or docker in the VM.
    expect(script.replace(/\$P77000\d\d/g, '').replace(/P77000\d\d=/g, '')).not.toMatch(/77000\d\d/);
    expect(script).not.toMatch(/iptables|docker/);
    expect(script).toContain('VLCHECK a1>10.9.0.3 noreach');
  });
});
