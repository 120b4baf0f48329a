// Page images against committed baselines (spec C54). `npm run baselines`
// rewrites them after a change that is meant to look different; look at
// them (and at the diff images a failure leaves) before committing.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { run } from './tools.ts';

export const BASELINES = path.resolve('tests/baselines');
export const UPDATING = process.env.UPDATE_BASELINES === '1';
/** Where a failed comparison leaves the page it saw and the difference, for a person to look at. */
export const DIFFS = path.join(os.tmpdir(), 'paiban-visual-diffs');

/** Resolution of the comparison, as the spec gives it: enough to see a line move, small enough to commit. */
const DPI = 50;
/** pixelmatch's per-pixel colour tolerance, and the share of pixels that may differ (anti-aliasing noise). */
const PIXEL_THRESHOLD = 0.1;
export const MAX_DIFFERING = 0.005;

export function renderPage(pdf: string, page: number, dpi = DPI): PNG {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paiban-page-'));
  try {
    run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, path.join(dir, 'page')]);
    return PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Share of a page's pixels with any ink on them (darker than light grey). */
export function inkShare(png: PNG): number {
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200) inked++;
  return inked / (png.width * png.height);
}

export interface Comparison {
  /** Share of pixels that differ; 0 when the baseline was (re)written. */
  differing: number;
  message: string;
}

/** Page `page` of `pdf` against `tests/baselines/<name>.png`. */
export function compareWithBaseline(pdf: string, page: number, name: string): Comparison {
  return compareImage(renderPage(pdf, page), name);
}

/** Any picture (a page drawn, a browser's screenshot) against `tests/baselines/<name>.png`. */
export function compareImage(actual: PNG, name: string): Comparison {
  const baselineFile = path.join(BASELINES, `${name}.png`);
  if (UPDATING) {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(baselineFile, PNG.sync.write(actual));
    return { differing: 0, message: `wrote ${path.relative(process.cwd(), baselineFile)}` };
  }
  if (!existsSync(baselineFile)) {
    return { differing: 1, message: `no baseline ${path.relative(process.cwd(), baselineFile)}: run npm run baselines, look at it, commit it` };
  }
  const expected = PNG.sync.read(readFileSync(baselineFile));
  mkdirSync(DIFFS, { recursive: true });
  const keep = (suffix: string, png: PNG) => writeFileSync(path.join(DIFFS, `${name}.${suffix}.png`), PNG.sync.write(png));
  if (expected.width !== actual.width || expected.height !== actual.height) {
    keep('actual', actual);
    return { differing: 1, message: `${name}: page is ${actual.width} × ${actual.height} px, baseline ${expected.width} × ${expected.height} px (see ${DIFFS})` };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const count = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: PIXEL_THRESHOLD });
  const differing = count / (actual.width * actual.height);
  if (differing > MAX_DIFFERING) {
    keep('actual', actual);
    keep('diff', diff);
    copyFileSync(baselineFile, path.join(DIFFS, `${name}.baseline.png`));
  }
  return { differing, message: `${name}: ${(differing * 100).toFixed(2)} % of pixels differ (${count}); images in ${DIFFS}` };
}
