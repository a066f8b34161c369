/**
 * Scenarios speak in aliases ("vrs1", "efs1", "pn-xyzzz"); the API answers with generated ids and
 * URNs. The name book maps one to the other, and refuses an unknown alias by listing the known ones.
 */
import { HarnessError } from '../core/errors.ts';

export type NameKind = 'vrackServices' | 'storage' | 'vrack';

export interface StorageEntry {
  serviceName: string;
  urn: string;
}

/** A scenario's aliases: the names a feature uses ("vrs-lim", "efs-lim") mapped to the API's ids and URNs. */
export class NameBook {
  private readonly entries = new Map<string, { kind: NameKind; id: string; urn?: string }>();

  set(kind: NameKind, alias: string, id: string, urn?: string): void {
    this.entries.set(`${kind}:${alias}`, { kind, id, ...(urn ? { urn } : {}) });
  }

  has(kind: NameKind, alias: string): boolean {
    return this.entries.has(`${kind}:${alias}`);
  }

  id(kind: NameKind, alias: string): string {
    return this.get(kind, alias).id;
  }

  urn(alias: string): string {
    const e = this.get('storage', alias);
    if (!e.urn) throw new HarnessError('NO_URN', `the storage service "${alias}" has no URN recorded`);
    return e.urn;
  }

  /** The alias of an id or URN, for readable messages; the id itself when unknown. */
  aliasOf(idOrUrn: string): string {
    for (const [key, e] of this.entries) if (e.id === idOrUrn || e.urn === idOrUrn) return key.slice(key.indexOf(':') + 1);
    return idOrUrn;
  }

  private get(kind: NameKind, alias: string): { id: string; urn?: string } {
    const e = this.entries.get(`${kind}:${alias}`);
    if (!e) {
      const known = [...this.entries.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
      throw new HarnessError('UNKNOWN_ALIAS', `unknown ${kind} "${alias}": not created in this scenario (known: ${known.join(', ') || 'none'})`, {
        details: { kind, alias, known },
      });
    }
    return e;
  }
}
