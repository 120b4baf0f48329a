// Processes as Linux's /proc shows them: a process and everything it started
// (Chromium's browser, GPU and renderer processes under the build), and how
// much memory each really uses. For the bench and the memory tests; where
// there is no /proc, a tree of one process using nothing.

import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and all its descendants. */
export function processTree(pid: number): number[] {
  try {
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    return [pid, ...children.flatMap(processTree)];
  } catch {
    return [pid];
  }
}

/** A process's proportional set size in bytes (shared pages counted once among their sharers); 0 once it is gone. */
export function pssBytes(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
