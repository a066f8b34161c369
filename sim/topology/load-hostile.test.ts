// Hostile lab files (security review #14): each is a LAB_INVALID error naming the input, before anything is built.
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../core/errors.ts';
import { parseLab } from './load.ts';

function refusal(text: string): HarnessError {
  try {
    parseLab(text, 'x.lab.yml');
  } catch (err) {
    expect(err).toBeInstanceOf(HarnessError);
    return err as HarnessError;
  }
  throw new Error('expected the lab to be rejected');
}

describe('parseLab and hostile input', () => {
  it('maps a YAML alias bomb to LAB_INVALID, not a bare ReferenceError', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const err = refusal(`name: lab1\n${levels.join('\n')}\n`);
    expect(err.code).toBe('LAB_INVALID');
    expect(err.message).toMatch(/x\.lab\.yml:1:1: invalid YAML: .*aliases are limited to 100 expansions/);
  });

  it('escapes control characters of lab-file values in errors (no terminal escape reaches the screen)', () => {
    const err = refusal(`name: lab1\nhosts:\n  - {name: h1, kind: baremetal, nics: [{network: "\\e]0;owned\\a\\e[2J\\e[31mFAKE", ip: 10.0.1.5}]}\n`);
    expect(err.code).toBe('LAB_INVALID');
    // eslint-disable-next-line no-control-regex
    expect(err.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(err.message).toContain('unknown network "\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31mFAKE"');
  });

  it('checks generated node and pod names against the host-name rule at load, naming the cluster', () => {
    const cluster = 'k'.repeat(32);
    const err = refusal(`name: lab1
vracks: [{id: pn-a}]
privateNetworks: [{name: n1, vrack: pn-a, cidr: 10.0.0.0/16}]
kubernetes:
  - {name: ${cluster}, privateNetwork: n1, nodes: 12, podsPerNode: 2}
`);
    expect(err.code).toBe('LAB_INVALID');
    expect(err.message).toContain(`invalid generated host name "${cluster}-node1-pod1" (43 characters): host names are at most 40`);
    expect(err.message).toContain(`shorten cluster name "${cluster}" (or node names) or podsPerNode`);
  });

  it('accepts the same cluster with a short name (positive control)', () => {
    expect(() =>
      parseLab(`name: lab1
vracks: [{id: pn-a}]
privateNetworks: [{name: n1, vrack: pn-a, cidr: 10.0.0.0/16}]
kubernetes:
  - {name: k, privateNetwork: n1, nodes: 12, podsPerNode: 2}
`, 'x.lab.yml'),
    ).not.toThrow();
  });
});
