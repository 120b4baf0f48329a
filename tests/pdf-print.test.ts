// The printer's variant (`--pdf print`): 3 mm bleed, TrimBox and BleedBox, whole signatures (spec C43, C49).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { buildBook } from './support/global-setup.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';

const out = mkdtempSync(path.join(os.tmpdir(), 'paiban-print-'));
const file = path.join(out, 'deepseek-print.pdf');
const result = buildBook(out, ['--pdf', 'print', '--format', 'pdf']);
const printed: Tool = { name: 'the print PDF (Chromium)', available: existsSync(file), install: 'apt-get install chromium' };
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the print variant', () => {
  itWith([printed, tools.poppler], 'is the trim plus 3 mm bleed on every page, with the trim and bleed boxes a printer reads (C43)', () => {
    expect(result.status, result.stderr).toBe(0);
    const boxes = run('pdfinfo', ['-box', '-f', '1', '-l', '999', file]);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1]);
    const box = (name: string) => [...boxes.matchAll(new RegExp(`Page\\s+\\d+ ${name}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'g'))].map((m) => m.slice(1).map(Number));
    expect(box('MediaBox')).toHaveLength(pages);
    for (const [i, media] of box('MediaBox').entries()) {
      expect(Math.abs(media[2]! - 436.54)).toBeLessThan(0.75);
      expect(Math.abs(media[3]! - 612.28)).toBeLessThan(0.75);
      expect(box('BleedBox')[i]).toEqual(media);
      const trim = box('TrimBox')[i]!;
      expect(trim[0]).toBeCloseTo(8.5, 1);
      expect(trim[1]).toBeCloseTo(8.5, 1);
      expect(media[2]! - trim[2]!).toBeCloseTo(8.5, 1);
      expect(media[3]! - trim[3]!).toBeCloseTo(8.5, 1);
    }
  });

  itWith([printed, tools.poppler], 'has a page count padded to a multiple of 4 and no Type 3 font (C44, C49)', () => {
    expect(Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1]) % 4).toBe(0);
    expect(run('pdffonts', [file])).not.toMatch(/Type 3/);
  });

  itWith([printed, tools.qpdf], 'passes qpdf --check (C40)', () => {
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
  });
});
