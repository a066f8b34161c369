// An ACL keeps root only when the lab file says so (rootSquash: false); the default is squashed.
import { describe, expect, it } from 'vitest';
import { parseLab } from './load.ts';

const lab = (acl: string) => `name: lab1
managedServices:
  storageNetApp:
    - name: efs-lim
      region: LIM
      shares: [{name: s1, acls: [${acl}]}]
`;

describe('ACL rootSquash in lab files', () => {
  it('carries rootSquash: false to the model, and leaves it absent (squashed) by default', () => {
    const kept = parseLab(lab('{accessTo: 10.0.0.5, accessLevel: rw, rootSquash: false}'), 'x.lab.yml');
    expect(kept.storageNetApp[0]?.shares[0]?.acls).toEqual([{ accessTo: '10.0.0.5', accessLevel: 'rw', rootSquash: false }]);
    const squashed = parseLab(lab('{accessTo: 10.0.0.5, accessLevel: rw}'), 'x.lab.yml');
    expect(squashed.storageNetApp[0]?.shares[0]?.acls[0]?.rootSquash).toBeUndefined();
  });

  it('refuses a non-boolean rootSquash', () => {
    expect(() => parseLab(lab('{accessTo: 10.0.0.5, accessLevel: rw, rootSquash: "no"}'), 'x.lab.yml')).toThrow(/rootSquash/);
  });
});
