/**
 * `debug` namespaces, one per area: DEBUG=vracklab:* shows everything, DEBUG=vracklab:exec every command.
 */
import createDebug from 'debug';

export type Logger = (formatter: string, ...args: unknown[]) => void;

export function logger(area: string): Logger {
  return createDebug(`vracklab:${area}`);
}
