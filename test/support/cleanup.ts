// Runs with every test file (vitest setupFiles): its scratch directories go when the file is done, so test runs
// leave nothing behind in the temporary directory.
import { afterAll } from 'vitest';
import { removeServingMergeOrphans } from '../../dist/src/indexer/serving-merge.js';
import { removeScratchDirs } from './paths.js';

// A server killed while it merged its small segments for serving leaves that merge's private directory: removed too.
afterAll(() => {
  removeScratchDirs();
  removeServingMergeOrphans();
});
