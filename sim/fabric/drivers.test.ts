import { describe, expect, it } from 'vitest';
import labSchema from '../../topologies/lab.schema.json' with { type: 'json' };
import { driverNames, getDriver, registerDriver, unregisterDriver } from './drivers.ts';
import type { HostDriver } from './driver.ts';

/** The smallest driver the registry accepts: it is never asked to build anything here. */
function stubDriver(name: string): HostDriver {
  const never = () => Promise.reject(new Error('not used'));
  return { name, missing: () => [], createHost: never, removeHost: never, removeHosts: never, hostFromRecord: () => { throw new Error('not used'); }, reap: async () => [] };
}

describe('the driver registry', () => {
  it('holds the built-in drivers, listed once in drivers.ts', () => {
    expect(driverNames()).toEqual(['containerlab', 'docker', 'netns']);
    expect(getDriver('containerlab').createHosts).toBeTypeOf('function'); // the bulk hook: one deploy for a lab's hosts
    expect(getDriver('netns').name).toBe('netns');
  });

  it('refuses a second driver under a taken name, naming it and the registered ones', () => {
    const first = getDriver('docker');
    expect(() => registerDriver(stubDriver('docker'))).toThrow('driver docker cannot be registered: a driver with this name is already registered (registered: containerlab, docker, netns)');
    expect(getDriver('docker')).toBe(first);
  });

  it('accepts a new name (the positive control), and forgets it when unregistered', () => {
    registerDriver(stubDriver('stub-one'));
    try {
      expect(driverNames()).toEqual(['containerlab', 'docker', 'netns', 'stub-one']);
    } finally {
      unregisterDriver('stub-one');
    }
    expect(() => getDriver('stub-one')).toThrow('invalid fabric driver: no driver with this name (got "stub-one"; valid: containerlab, docker, netns)');
  });

  it('refuses a name that could not be a CLI choice or a lab-file value', () => {
    expect(() => registerDriver(stubDriver('Bad Name'))).toThrow(/invalid driver name: lowercase letters, digits and dashes/);
  });

  it('is what the lab schema offers under defaults.driver (editors complete from the schema)', () => {
    const driverProperty = (labSchema as { definitions: { defaults: { properties: { driver: { enum: string[] } } } } }).definitions.defaults.properties.driver;
    expect([...driverProperty.enum].sort()).toEqual(driverNames());
  });
});
