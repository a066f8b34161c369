// The JSON schema on its own, as an editor would use it: it accepts the reference labs as written.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const schema = JSON.parse(readFileSync('topologies/lab.schema.json', 'utf8')) as Record<string, unknown>;
const labs = readdirSync('topologies').filter((f) => f.endsWith('.lab.yml'));

describe('topologies/lab.schema.json', () => {
  const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(schema);

  it('finds the reference labs', () => {
    expect(labs).toEqual(expect.arrayContaining(['vrack-services.lab.yml', 'mks-private-networks.lab.yml']));
  });

  for (const file of labs) {
    it(`validates ${file} and the file points editors at it`, () => {
      const text = readFileSync(`topologies/${file}`, 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./lab.schema.json');
      const ok = validate(parse(text));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('rejects what the lab format does not allow', () => {
    expect(validate({ name: 'x', hosts: [{ name: 'h', kind: 'router', nics: [{ network: 'public', ip: '198.51.100.5' }] }] })).toBe(false);
    expect(validate({ name: 'x', privateNetworks: [{ name: 'n', vrack: 'pn-a', cidr: '10.0.0.0/33' }] })).toBe(false);
    expect(validate({ name: 'x', vracks: [{ id: 'vrack-1' }] })).toBe(false);
    expect(validate({ vracks: [] })).toBe(false);
  });
});
