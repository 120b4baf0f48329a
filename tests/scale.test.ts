// A manuscript of three million characters (about ten books, issue 7) builds
// in a bounded heap: the EPUB and the web edition, with Node's heap capped at
// 512 MB, so that a leak or a quadratic copy fails here rather than on an
// author's machine. And Chromium's memory is bounded by the part of the book
// it prints, not by the book: a long book's PDF is printed in runs of
// chapters, each in a tab of its own. (Times are measured by npm run bench.)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_DATE_EPOCH } from './support/global-setup.ts';
import { writeEssayBook } from '../scripts/bench-books.ts';
import { processTree, pssBytes } from '../scripts/lib/processes.ts';
import { readEpub } from './support/outputs.ts';
import { itWith, run, tools, type Tool } from './support/tools.ts';
import { executable } from './support/validators.ts';
import { budget } from './support/budget.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-scale-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CHARACTERS = 3_000_000;
/** The essay is about 2,200 characters: as many chapters of it as make three million. */
const CHAPTERS = Math.ceil(CHARACTERS / 2_200);
const HEAP_MB = 512;

describe('three million characters', () => {
  it(`build into an EPUB and a web edition with Node's heap capped at ${HEAP_MB} MB`, async () => {
    const manuscript = path.join(scratch, 'big');
    const total = await writeEssayBook(manuscript, CHAPTERS);
    expect(total).toBeGreaterThanOrEqual(CHARACTERS);
    const out = path.join(scratch, 'out');
    const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', 'scripts/build.ts', '--manuscript', manuscript, '--out', out, '--format', 'epub,html', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    const zip = await readEpub(path.join(out, `essays-${CHAPTERS}.epub`));
    const chapters = Object.keys(zip.files).filter((name) => /^OEBPS\/ch\d+\.xhtml$/.test(name));
    expect(chapters).toHaveLength(CHAPTERS);
    const number = (name: string) => Number(/ch(\d+)/.exec(name)![1]);
    const last = await zip.file(chapters.sort((a, b) => number(a) - number(b)).at(-1)!)!.async('string');
    expect(last).toContain(`第${CHAPTERS}章`);
    const web = readFileSync(path.join(out, `essays-${CHAPTERS}`, 'index.html'), 'utf8');
    expect(web.split('<h1').length - 1).toBe(CHAPTERS);
  }, budget({ build: 1, hundredThousandCharacters: CHARACTERS / 100_000 }));
});

const isRenderer = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
  } catch {
    return false;
  }
};

const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };
const procfs: Tool = { name: 'Linux /proc (smaps_rollup) to measure memory', available: existsSync('/proc/self/smaps_rollup'), install: 'run the tests on Linux' };
/** A long book: 300 essays, about 850,000 characters, some 1,200 pages. */
const LONG_BOOK_CHAPTERS = 300;
/** No tab of Chromium may hold more than this: one run takes about 170 MB; one page holding this whole book, about 730 MB. */
const RENDERER_MB = 400;

describe('a long book\'s PDF', () => {
  itWith([chromium, procfs, tools.poppler], `is printed with no Chromium page holding more than ${RENDERER_MB} MB`, async () => {
    const manuscript = path.join(scratch, 'long');
    await writeEssayBook(manuscript, LONG_BOOK_CHAPTERS);
    const out = path.join(scratch, 'long-out');
    const build = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--manuscript', manuscript, '--out', out, '--format', 'pdf', '--quiet'], {
      env: { ...process.env, SOURCE_DATE_EPOCH },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    build.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let largestRenderer = 0;
    let renderers = 0;
    const seen = new Set<number>();
    const sampler = setInterval(() => {
      for (const pid of processTree(build.pid!).filter(isRenderer)) {
        if (!seen.has(pid)) renderers += 1;
        seen.add(pid);
        largestRenderer = Math.max(largestRenderer, pssBytes(pid) / 2 ** 20);
      }
    }, 100);
    const status = await new Promise<number | null>((resolve) => build.on('exit', resolve));
    clearInterval(sampler);
    expect(status, stderr.slice(-2000)).toBe(0);
    // The book is all there: every chapter's bookmark, and as many pages as its text needs.
    const pdf = path.join(out, `essays-${LONG_BOOK_CHAPTERS}.pdf`);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))![1]);
    expect(pages).toBeGreaterThan(1000);
    // (The typesetter puts a space between Han and digits: 第 300 章.)
    expect(run('pdftotext', ['-f', String(pages - 1), '-l', String(pages), pdf, '-'])).toMatch(new RegExp(`第\\s*${LONG_BOOK_CHAPTERS}\\s*章`));
    // Printed in several tabs, none of which held the book.
    expect(renderers).toBeGreaterThan(2);
    expect(largestRenderer).toBeGreaterThan(0);
    expect(largestRenderer).toBeLessThan(RENDERER_MB);
    // About 850,000 characters, printed in several tabs.
  }, budget({ build: 1, chromium: 4, hundredThousandCharacters: 9 }));
});
