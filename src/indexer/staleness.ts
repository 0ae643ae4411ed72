// Whether an index must be rebuilt: missing, unreadable, built with another analyzer, or older than its corpus.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_VERSION, MANIFEST_NAME } from '../format/constants.js';
import { resolveGeneration } from '../reader/index-reader.js';
import type { Manifest } from './build-index.js';

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

/** Returns why the index needs a rebuild, or null when it is current. */
export function staleReason(indexDir: string, corpus: string[], fingerprint: string, extraInputs: string[] = []): string | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(resolveGeneration(indexDir), MANIFEST_NAME), 'utf8')) as Manifest;
  } catch {
    return `no usable index in ${indexDir}`;
  }
  if (manifest.format_version !== FORMAT_VERSION) return `the index has format version ${manifest.format_version}, this baosou writes ${FORMAT_VERSION}`;
  if (manifest.analyzer?.fingerprint !== fingerprint) return 'the analyzer or user dictionary changed since the index was built';
  const built = Date.parse(manifest.built_at);
  for (const input of [...corpus, ...extraInputs]) {
    if (newestModification(input) > built) return `${input} changed since the index was built`;
  }
  return null;
}
