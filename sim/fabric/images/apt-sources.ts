/**
 * The apt sources an image is built from: the machine's own Debian sources (whatever mirror or
 * snapshot it already reaches), turned into one-line `deb …` entries for mmdebstrap. Machines here
 * reach Debian mirrors but no image registry, so reusing apt's configuration is what makes builds work.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FALLBACK_MIRROR = 'http://deb.debian.org/debian';

interface SourceEntry {
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  signedBy?: string;
}

/** Parses deb822 (`.sources`) text into entries. */
export function parseDeb822(text: string): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const raw of stanza.split('\n')) {
      if (raw.startsWith('#') || raw.trim() === '') continue;
      if (/^\s/.test(raw) && last) {
        fields.set(last, `${fields.get(last) ?? ''} ${raw.trim()}`);
        continue;
      }
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (!m) continue;
      last = (m[1] as string).toLowerCase();
      fields.set(last, (m[2] as string).trim());
    }
    if (fields.get('enabled')?.toLowerCase() === 'no') continue;
    const words = (k: string) => (fields.get(k) ?? '').split(/\s+/).filter(Boolean);
    const signedBy = fields.get('signed-by');
    if (words('uris').length === 0) continue;
    entries.push({ types: words('types'), uris: words('uris'), suites: words('suites'), components: words('components'), ...(signedBy && !signedBy.includes('\n') && !signedBy.startsWith('-----') ? { signedBy } : {}) });
  }
  return entries;
}

/** Parses one-line (`sources.list`) text into entries. */
export function parseOneLine(text: string): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const signedBy = /signed-by=(\S+)/.exec(m[2] ?? '')?.[1];
    entries.push({ types: [m[1] as string], uris: [m[3] as string], suites: [m[4] as string], components: (m[5] ?? '').split(/\s+/).filter(Boolean), ...(signedBy ? { signedBy } : {}) });
  }
  return entries;
}

/**
 * One `deb` line per (uri, suite) of the given Debian suite family (`bookworm`, `bookworm-updates`,
 * `bookworm-security`…). Third-party repositories are left out: an image needs Debian packages only.
 */
export function debLinesFor(suite: string, entries: readonly SourceEntry[]): string[] {
  const lines: string[] = [];
  for (const e of entries) {
    if (!e.types.includes('deb')) continue;
    for (const uri of e.uris) {
      if (!/debian/.test(uri)) continue;
      for (const s of e.suites) {
        if (s !== suite && !s.startsWith(`${suite}-`) && !s.startsWith(`${suite}/`)) continue;
        const opts = e.signedBy ? `[signed-by=${e.signedBy}] ` : '';
        const comps = e.components.length > 0 ? e.components.join(' ') : 'main';
        lines.push(`deb ${opts}${uri} ${s} ${comps}`);
      }
    }
  }
  return [...new Set(lines)];
}

/** Reads the machine's apt configuration; falls back to deb.debian.org when it has no Debian source. */
export async function machineDebLines(suite: string, etcApt = '/etc/apt'): Promise<string[]> {
  const entries: SourceEntry[] = [];
  const read = async (path: string) => readFile(path, 'utf8').catch(() => '');
  entries.push(...parseOneLine(await read(join(etcApt, 'sources.list'))));
  const dir = join(etcApt, 'sources.list.d');
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const f of files.sort()) {
    if (f.endsWith('.sources')) entries.push(...parseDeb822(await read(join(dir, f))));
    else if (f.endsWith('.list')) entries.push(...parseOneLine(await read(join(dir, f))));
  }
  const lines = debLinesFor(suite, entries);
  return lines.length > 0 ? lines : [`deb ${FALLBACK_MIRROR} ${suite} main`];
}
