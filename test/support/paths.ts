// Where tests find the compiled code, the shared data (present in CI, maybe absent in a user's clone), and scratch space.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedDir = resolve(repoRoot, '../shared');
export const cctvCorpus = join(sharedDir, 'corpus/cctv-xwlb');
export const samplePage = join(sharedDir, 'samples/newspaper-page.txt');
export const evalSet = join(sharedDir, 'eval/dev-known-item.jsonl');
export const hasShared = existsSync(cctvCorpus) && existsSync(samplePage);
/** Appended to the names of tests that need ../shared, so a skip says why. */
export const NEEDS_SHARED = '(needs ../shared: skipped where the shared corpus is absent)';

/** Scratch directories made by this test file; removed after it (test/support/cleanup.ts). */
const scratchDirs: string[] = [];

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `baosou-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
