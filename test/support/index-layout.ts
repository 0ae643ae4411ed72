// Where an index directory's files are: its live generation, and the directory of its (first) segment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The live generation's directory. */
export function liveGeneration(indexDir: string): string {
  return join(indexDir, readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim());
}

/** The segment directories of the live generation, in its order. */
export function liveSegments(indexDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(liveGeneration(indexDir), 'manifest.json'), 'utf8')) as { segments: Array<{ name: string }> };
  return manifest.segments.map((s) => join(indexDir, 'segments', s.name));
}

/** The directory of the live generation's only segment (a fresh build has one); it opens as an index on its own. */
export function liveSegment(indexDir: string): string {
  const segments = liveSegments(indexDir);
  if (segments.length !== 1) throw new Error(`${indexDir} has ${segments.length} segments, not one`);
  return segments[0];
}
