import { describe, expect, it } from 'vitest';
import { NameBook } from './name-book.ts';

describe('NameBook', () => {
  it('maps aliases to ids and URNs and back', () => {
    const book = new NameBook();
    book.set('vrackServices', 'vrs1', 'vrs-abc-def');
    book.set('storage', 'efs1', 'efs-uuid', 'urn:v1:eu:resource:storageNetApp:efs-uuid');
    expect(book.id('vrackServices', 'vrs1')).toBe('vrs-abc-def');
    expect(book.urn('efs1')).toBe('urn:v1:eu:resource:storageNetApp:efs-uuid');
    expect(book.aliasOf('urn:v1:eu:resource:storageNetApp:efs-uuid')).toBe('efs1');
    expect(book.aliasOf('vrs-unknown')).toBe('vrs-unknown');
  });

  it('refuses an unknown alias, listing the known ones of that kind', () => {
    const book = new NameBook();
    book.set('vrackServices', 'vrs1', 'vrs-1');
    expect(() => book.id('vrackServices', 'vrs9')).toThrow('unknown vrackServices "vrs9": not created in this scenario (known: vrs1)');
  });
});
