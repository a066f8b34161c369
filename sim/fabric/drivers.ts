/**
 * The built-in drivers: one line each. A new driver is its own folder plus one line here; the CLI's
 * `--driver` choices, doctor, gc's reapers and the fabric take the names from the registry
 * (drivers.test.ts checks the lab schema's `driver` enum against it). Imported for its effect by
 * fabric.ts, so whoever can build a fabric sees every driver.
 */
import { registerDriver } from './driver.ts';

registerDriver((await import('./containerlab/containerlab-driver.ts')).containerlabDriver);
registerDriver((await import('./docker/docker-driver.ts')).dockerDriver);
registerDriver((await import('./netns/netns-driver.ts')).netnsDriver);

// Read the registry through this module: importing it guarantees the built-ins are in.
export { driverNames, getDriver, registerDriver, registeredDrivers, unregisterDriver } from './driver.ts';
