// dictDir: → baosou's dict/ folder (the user dictionary and the stand-ins for jieba files baosou never uses), found by
// walking up to baosou's package.json, so it works from src/analyze (tests) and dist/src/analyze alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let found: string | null = null;

export function dictDir(): string {
  if (found) return found;
  for (let dir = here; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'baosou') return (found = join(dir, 'dict'));
    if (dirname(dir) === dir) throw new Error(`BAOSOU_ANALYZER_INTERNAL: no baosou package.json above ${here}: its dict/ folder cannot be found.`);
  }
}
