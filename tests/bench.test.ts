// npm run bench must keep working (issue 8): a one-run bench of the essay
// writes its table, results.json and chart. What it measures is not asserted.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { itWith, type Tool } from './support/tools.ts';
import { executable } from './support/validators.ts';
import { budget } from './support/budget.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

describe('npm run bench', () => {
  itWith(chromium, 'times the essay against a bare Chromium print and writes results.json and chart.svg', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--sizes', '1', '--runs', '1', '--out', out], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ratio = full build \/ bare Chromium print/);
    const report = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    const [essay] = report.results;
    expect(essay.chapters).toBe(1);
    for (const stage of ['load', 'parse', 'typeset', 'epub', 'pdf layout', 'pdf finish']) expect(essay.stagesMs[stage], stage).toBeGreaterThan(0);
    expect(essay.ratio).toBeCloseTo(essay.totalMs.median / essay.baselineMs, 6);
    expect(essay.peakMb).toBeGreaterThan(0);
    expect(essay.epubAloneMs).toBeGreaterThan(0);
    // What npm run dev does on a save of the essay, timed too.
    expect(report.devRebuildMs).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/npm run dev, one paragraph of the essay changed: the preview rebuilt in \d+ ms/);
    expect(existsSync(path.join(out, 'chart.svg'))).toBe(true);
    expect(readFileSync(path.join(out, 'chart.svg'), 'utf8')).toContain('<svg');
  }, budget({ build: 4, chromium: 2 }));
});
