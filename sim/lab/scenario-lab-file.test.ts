import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioLabFile } from './scenario-lab-file.ts';

const project = mkdtempSync(join(tmpdir(), 'vracklab-project-'));
const outside = mkdtempSync(join(tmpdir(), 'vracklab-outside-'));
mkdirSync(join(project, 'labs'));
writeFileSync(join(project, 'labs', 'shop.lab.yml'), 'name: shop\n');
writeFileSync(join(outside, 'secret.lab.yml'), 'name: secret\n');
symlinkSync(join(outside, 'secret.lab.yml'), join(project, 'labs', 'escape.lab.yml'));

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('scenarioLabFile', () => {
  it('maps a short name to the reference lab', () => {
    expect(scenarioLabFile('vrack-services', project)).toBe('topologies/vrack-services.lab.yml');
  });

  it('takes the path of a lab file inside the project, relative or absolute', () => {
    expect(scenarioLabFile('labs/shop.lab.yml', project)).toBe(join('labs', 'shop.lab.yml'));
    expect(scenarioLabFile('./labs/shop.lab.yml', project)).toBe(join('labs', 'shop.lab.yml'));
    expect(scenarioLabFile(join(project, 'labs/shop.lab.yml'), project)).toBe(join('labs', 'shop.lab.yml'));
  });

  it.each([
    ['../outside.lab.yml', /a "\.\." segment/],
    ['labs/../../x.lab.yml', /a "\.\." segment/],
    ['/etc/passwd.lab.yml', /outside the project/],
    ['labs/shop.yml', /not a \.lab\.yml file/],
    ['labs/shop lab.lab.yml', /unexpected characters/],
    ['labs/$(id).lab.yml', /unexpected characters/],
    ['labs/escape.lab.yml', /a link to a file outside the project/],
  ])('refuses %j, naming the rule', (path, why) => {
    expect(() => scenarioLabFile(path, project)).toThrow(why);
    expect(() => scenarioLabFile(path, project)).toThrow(/expected a reference lab name, or the path of a \.lab\.yml file inside the project/);
  });

  it('still refuses a short name that is not a lab name', () => {
    expect(() => scenarioLabFile('Vrack', project)).toThrow(/invalid reference lab/);
  });
});
