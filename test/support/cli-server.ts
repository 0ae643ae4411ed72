// Runs `baosou serve` or `baosou start` as a real child process and waits until it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { removeServingMergeOrphans } from '../../dist/src/indexer/serving-merge.js';
import { repoRoot } from './paths.js';

export interface CliServer {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote so far (stdout: JSON log lines; stderr: human lines). */
  stdout(): string;
  stderr(): string;
  /** The exit code, once it exits. */
  exited: Promise<number | null>;
}

/** Starts `node bin/baosou.js <args>`; resolves with the URL it prints ("… at http://127.0.0.1:<port>/"). */
export function startCliServer(args: string[]): Promise<CliServer> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/baosou.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Whatever happens in the test (a timeout too), the server does not outlive it, nor its serving merge's directory.
  onTestFinished(async () => {
    child.kill('SIGKILL');
    await exited;
    removeServingMergeOrphans();
  });
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      const match = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (match) resolve({ url: match[1], child, stdout: () => stdout, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`${args[0]} exited (${code}) before listening: ${stderr}`)));
  });
}
