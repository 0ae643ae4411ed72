#!/usr/bin/env -S node --max-semi-space-size=64
// The flag: a serving process's young generation (src/http/serving-v8-flags.ts says why).
// The CLI lives in compiled TypeScript; `npm install` compiles it (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('baosou: the compiled CLI is missing (dist/). Run `npm install` (or `npm run build`) in the baosou checkout first.\n');
  process.exit(2);
}
await import(cli.href);
