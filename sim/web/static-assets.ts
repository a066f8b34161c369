/**
 * The page's files, read once when the web UI is created and held in memory: index.html, the
 * stylesheet, and the client modules, written in TypeScript and turned into JavaScript by Node's
 * own type stripping (no bundler, no dependency; the client uses erasable syntax only). Served
 * from an allow-list: a request names a file of this list or gets 404.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: string;
  type: string;
}

const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));

/** stripTypeScriptTypes is stable in practice but flagged experimental: keep its one-line warning off the lab's terminal. */
function quietly<T>(fn: () => T): T {
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (!/stripTypeScriptTypes/.test(text)) (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = original;
  }
}

export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(CLIENT_DIR)) {
    if (name.endsWith('.test.ts')) continue;
    const text = readFileSync(CLIENT_DIR + name, 'utf8');
    if (name.endsWith('.ts')) assets.set(name, { body: quietly(() => stripTypeScriptTypes(text, { mode: 'strip' })), type: 'text/javascript; charset=utf-8' });
    else if (name.endsWith('.css')) assets.set(name, { body: text, type: 'text/css; charset=utf-8' });
    else if (name.endsWith('.html')) assets.set(name, { body: text, type: 'text/html; charset=utf-8' });
  }
  return assets;
}
