import { describe, expect, it } from 'vitest';
import { escapeControl, MAX_MESSAGE, safeMessage } from './safe-text.ts';

describe('safe-text', () => {
  it('escapes control characters, DEL, C1 and line separators; leaves other text alone', () => {
    expect(escapeControl('a\u001b[31mb\nc\u007f\u0085\u2028é')).toBe('a\\u001b[31mb\\u000ac\\u007f\\u0085\\u2028é');
    expect(escapeControl('plain "text" / 10.0.0.0/24')).toBe('plain "text" / 10.0.0.0/24');
  });
  it('bounds a message', () => {
    expect(safeMessage('x'.repeat(20_000))).toHaveLength(MAX_MESSAGE);
  });
});
