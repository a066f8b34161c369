import { describe, expect, it } from 'vitest';
import { parseRealResources, realResource, sameRegion, serviceNameOfUrn } from './real-resources.ts';

describe('real resources for scenarios against the real API', () => {
  it('maps aliases to the ids the user gave', () => {
    const r = parseRealResources('{"vrs1": "vrs-abc", "efs1": "urn:v1:eu:resource:storageNetApp:1234"}');
    expect(realResource(r, 'vrackServices', 'vrs1', 'a vRack Services in LIM')).toBe('vrs-abc');
    expect(serviceNameOfUrn(r.efs1!)).toBe('1234');
  });

  it('says which alias to add, with an example of the id', () => {
    expect(() => realResource({ vrs1: 'x' }, 'storage', 'efs-gra', 'an EFS in region GRA')).toThrow(
      'against the real API, "efs-gra" must be one of your own resources: add "efs-gra": "urn:v1:eu:resource:storageNetApp:<service id>" (an EFS in region GRA) to VRACKLAB_REAL_RESOURCES (known: vrs1)',
    );
  });

  it('refuses malformed JSON or values, with an example', () => {
    expect(() => parseRealResources('{vrs1}')).toThrow(/invalid VRACKLAB_REAL_RESOURCES: not JSON/);
    expect(() => parseRealResources('{"vrs1": 3}')).toThrow(/must be an object of alias → id strings/);
    expect(parseRealResources(undefined)).toEqual({});
  });

  it('treats LIM and eu-west-lim as the same region, GRA as another', () => {
    expect(sameRegion('LIM', 'eu-west-lim')).toBe(true);
    expect(sameRegion('lim', 'LIM')).toBe(true);
    expect(sameRegion('LIM', 'eu-west-gra')).toBe(false);
  });
});
