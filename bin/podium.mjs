#!/usr/bin/env node
// The `podium` command (`npx podium run SCRIPT`): runs the TypeScript CLI through tsx's loader so
// it works on the project's Node 20 without extra flags or a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(join(here, '../src/cli/main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
