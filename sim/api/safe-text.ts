/**
 * Text the simulator sends back that may echo caller input (error messages): control characters
 * escaped as `\uXXXX` so a client printing the message to a terminal cannot be fed escape
 * sequences, and the length bounded so an error never echoes a 16 KB URL.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
export const MAX_MESSAGE = 1024;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function safeMessage(text: string): string {
  const escaped = escapeControl(text);
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE - 1)}…` : escaped;
}
