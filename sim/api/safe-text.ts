/**
 * Text the simulator sends back that may echo caller input (error messages): control characters
 * escaped as `\uXXXX` so a client printing the message to a terminal cannot be fed escape
 * sequences, and the length bounded so an error never echoes a 16 KB URL.
 */
import { escapeControl } from '../core/control-chars.ts';

export { escapeControl };
export const MAX_MESSAGE = 1024;

export function safeMessage(text: string): string {
  const escaped = escapeControl(text);
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE - 1)}…` : escaped;
}
