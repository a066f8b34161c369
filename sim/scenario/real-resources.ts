/**
 * Against the real OVHcloud API nothing can be "delivered" by a step: vRack Services, vRacks and
 * storage services are ordered and paid for. The API scenarios then run on resources the user owns,
 * named in `VRACKLAB_REAL_RESOURCES`, a JSON object from the scenarios' aliases to real ids:
 *
 *   {"vrs1": "vrs-abc-def-ghi-jkl", "efs1": "urn:v1:eu:resource:storageNetApp:…", "pn-xyzzz": "pn-123456"}
 *
 * The steps restore each vRack Services' target spec and vRack association after the scenario.
 */
import { HarnessError } from '../core/errors.ts';

export type RealResourceKind = 'vrackServices' | 'storage' | 'vrack';

const EXAMPLE: Record<RealResourceKind, string> = {
  vrackServices: 'vrs-abc-def-ghi-jkl',
  storage: 'urn:v1:eu:resource:storageNetApp:<service id>',
  vrack: 'pn-123456',
};

/** Parses VRACKLAB_REAL_RESOURCES (`alias=id,…`): the real-API resources scenarios use in place of the simulated ones. */
export function parseRealResources(text: string | undefined): Record<string, string> {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HarnessError('INVALID_INPUT', `invalid VRACKLAB_REAL_RESOURCES: not JSON (${(err as Error).message}); expected e.g. {"vrs1": "${EXAMPLE.vrackServices}"}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new HarnessError('INVALID_INPUT', `invalid VRACKLAB_REAL_RESOURCES: must be an object of alias → id strings, e.g. {"vrs1": "${EXAMPLE.vrackServices}", "efs1": "${EXAMPLE.storage}"}`);
  }
  return value as Record<string, string>;
}

/** The real id an alias stands for, or an error saying exactly what to add to the environment. */
export function realResource(resources: Record<string, string>, kind: RealResourceKind, alias: string, what: string): string {
  const id = resources[alias];
  if (id) return id;
  throw new HarnessError(
    'NO_REAL_RESOURCE',
    `against the real API, "${alias}" must be one of your own resources: add "${alias}": "${EXAMPLE[kind]}" (${what}) to VRACKLAB_REAL_RESOURCES (known: ${Object.keys(resources).join(', ') || 'none'})`,
    { details: { alias, kind } },
  );
}

/** The service id at the end of a storage URN (`urn:v1:eu:resource:storageNetApp:<id>`). */
export function serviceNameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

/** Regions as the 2024-04 guide (`LIM`) and as the OpenAPI (`eu-west-lim`) write them are the same place. */
export function sameRegion(a: string, b: string): boolean {
  const norm = (r: string) => r.toLowerCase().replace(/^[a-z]+-[a-z]+-/, '');
  return norm(a) === norm(b);
}
