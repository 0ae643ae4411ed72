// staleReason: an index directory, its corpus and the analyzer in → why the index must be rebuilt, or null.
// Missing, unreadable, another format or analyzer, or older than its corpus.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveGeneration } from '../format/generation.js';
import { FORMAT_VERSION } from '../format/index-file.js';
import { readManifestFile, type Manifest } from '../format/manifest.js';

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
    manifest = readManifestFile(resolveGeneration(indexDir));
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

/**
 * Whether the index is usable as it is (this format and analyzer) and only the corpus changed since it was written:
 * then the changes can be applied (syncCorpus) instead of rebuilding everything.
 */
export function onlyCorpusChanged(indexDir: string, corpus: string[], fingerprint: string, extraInputs: string[] = []): boolean {
  const reason = staleReason(indexDir, [], fingerprint, extraInputs);
  return reason === null && staleReason(indexDir, corpus, fingerprint, extraInputs) !== null;
}
