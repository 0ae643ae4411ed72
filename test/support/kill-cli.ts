// Runs a `baosou` command and SIGKILLs it at a chosen moment: after a delay, or as soon as an entry matching a pattern
// appears in a watched folder (a temporary segment or generation being written).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { repoRoot } from './paths.js';

export interface Killed {
  /** Milliseconds after the start at which the kill was sent. */
  at: number;
  /** Entries of the watched folder at the moment of the kill. */
  entries: string[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Runs `baosou <args>` and SIGKILLs it after `afterMs`, or as soon as an entry matching `when` appears in `dir`.
 * Rejects when the command ends by itself first.
 */
export function runAndKill(args: string[], dir: string, kill: { afterMs: number } | { when: RegExp }): Promise<Killed> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'bin/baosou.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    let killed: Omit<Killed, 'signal' | 'stderr'> | null = null;
    const killNow = () => {
      if (killed) return;
      // The folder may already be gone when a late watcher event arrives after the test ended.
      killed = { at: performance.now() - started, entries: existsSync(dir) ? readdirSync(dir) : [] };
      child.kill('SIGKILL');
    };
    let watcher: ReturnType<typeof watch> | null = null;
    let timer: NodeJS.Timeout | null = null;
    if ('afterMs' in kill) timer = setTimeout(killNow, kill.afterMs);
    else
      watcher = watch(dir, (_event, name) => {
        if (name && kill.when.test(name)) killNow();
      });
    child.on('exit', (_code, signal) => {
      watcher?.close();
      if (timer) clearTimeout(timer);
      if (!killed) reject(new Error(`baosou ${args[0]} ended by itself before it could be killed: ${stderr}`));
      else resolve({ ...killed, signal, stderr });
    });
  });
}
