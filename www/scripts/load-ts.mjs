// Loads a TypeScript module of www/src for a unit test: esbuild bundles it (with its imports) into
// a temporary ES module, which is then imported. No build step has to run before the tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

export async function loadTs(relativePath) {
  const dir = mkdtempSync(join(tmpdir(), 'asl-www-test-'));
  const outfile = join(dir, 'module.mjs');
  try {
    await build({ entryPoints: [join(SRC, relativePath)], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
