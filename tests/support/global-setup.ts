// Build the essay once for every test file, as a user would: the real CLI,
// with SOURCE_DATE_EPOCH fixed. Tests find the outputs through inject('build').

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export const SOURCE_DATE_EPOCH = '1740182400'; // 2025-02-22T00:00:00Z, the essay's date

export interface BuildOutput {
  out: string;
  slug: string;
  status: number;
  stdout: string;
  stderr: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    build: BuildOutput;
  }
}

export function buildBook(out: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', out, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH, ...env },
  });
  return { out, status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export default function setup(project: TestProject) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-test-'));
  const result = buildBook(out);
  if (result.status !== 0 && result.status !== 3) {
    throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  project.provide('build', { ...result, slug: 'deepseek' });
  return () => rmSync(out, { recursive: true, force: true });
}
