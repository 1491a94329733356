#!/usr/bin/env node
// Runs a TypeScript entry point on plain Node 20 (no flags): registers tsx's loader, then imports
// the file given as the first argument with the remaining arguments left in process.argv.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [, , entry, ...rest] = process.argv;
if (!entry) {
  console.error('usage: run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...rest];
register();
await import(pathToFileURL(resolve(entry)).href);
