import { describe, expect, it } from 'vitest';
import { referenceLabFile } from './reference-lab.ts';

describe('referenceLabFile', () => {
  it('maps a lab name to its file under topologies/', () => {
    expect(referenceLabFile('vrack-services')).toBe('topologies/vrack-services.lab.yml');
  });

  it.each(['../../etc/x', 'a/b', 'Vrack', 'x.lab', ''])('refuses %j, naming the rule', (name) => {
    expect(() => referenceLabFile(name)).toThrow(/invalid reference lab: a lab name .*valid: vrack-services/);
  });
});
