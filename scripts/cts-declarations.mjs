#!/usr/bin/env node
// Writes a `.d.cts` beside every `.d.ts` of a package's dist, with relative
// specifiers ending in `.js` rewritten to `.cjs`. In a `"type": "module"`
// package, TypeScript reads `.d.ts` files as ESM; `require` consumers need
// CJS declarations, or they see types that "masquerade as ESM".
//
//   node scripts/cts-declarations.mjs packages/sdk/dist
//
// Also a Rollup plugin: `ctsDeclarations('packages/sdk/dist')` runs it after
// each write of the build it is added to.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RELATIVE_JS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.js\2/g;

/** The CJS twin of an ESM declaration file's text. */
export function toCtsDeclaration(text) {
  return text.replace(RELATIVE_JS, '$1$2$3.cjs$2');
}

/** Writes `.d.cts` twins for every `.d.ts` under `dir`; returns how many. */
export function writeCtsDeclarations(dir) {
  let written = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const twin = file.replace(/\.d\.ts$/, '.d.cts');
    writeFileSync(twin, toCtsDeclaration(readFileSync(file, 'utf8')));
    written++;
  }
  return written;
}

/** A Rollup plugin that writes the twins once the bundle is on disk. */
export function ctsDeclarations(dir) {
  return {
    name: 'cts-declarations',
    writeBundle() {
      writeCtsDeclarations(dir);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/cts-declarations.mjs <dist-dir>');
    process.exit(2);
  }
  console.log(`cts-declarations: ${writeCtsDeclarations(dir)} file(s) written in ${dir}`);
}
