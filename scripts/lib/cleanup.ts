// What a build leaves behind if it is stopped halfway: temporary files beside
// the outputs, scratch folders, a Chromium. Each is registered while it
// exists; on Ctrl-C, SIGTERM or SIGHUP every one still registered is removed or
// killed, synchronously (a signal handler cannot wait), and the process exits
// 128 + the signal's number, as a shell expects.

import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const pending = new Set<() => void>();

/** Run `undo` if the process is stopped by a signal before the returned function is called. */
export function onInterrupt(undo: () => void): () => void {
  pending.add(undo);
  return () => void pending.delete(undo);
}

/** A file or folder to remove if the process is stopped before it is done with it. */
export function removeOnInterrupt(file: string): () => void {
  return onInterrupt(() => rmSync(file, { recursive: true, force: true }));
}

/** A scratch folder for `use`, removed afterwards — or on Ctrl-C/SIGTERM if the process is stopped first. */
export async function withScratchDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const done = removeOnInterrupt(dir);
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    done();
  }
}

/** Undo everything pending, newest first; a failure in one does not stop the rest. */
export function undoPending(): number {
  const undos = [...pending].reverse();
  pending.clear();
  for (const undo of undos) {
    try {
      undo();
    } catch {
      // Already gone.
    }
  }
  return undos.length;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * On a stopping signal: say so, undo what is pending, exit 128 + signal.
 * For the command-line entry points (build, dev), not for library use.
 */
export function exitCleanlyOnSignals(say: (signal: NodeJS.Signals) => void = () => {}): void {
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      undoPending();
      say(signal);
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}
