// Runs with every test file (vitest setupFiles): its scratch directories go when the file is done, so test runs
// leave nothing behind in the temporary directory.
import { afterAll } from 'vitest';
import { removeScratchDirs } from './paths.js';

afterAll(() => removeScratchDirs());
