// A manuscript of three million characters (about ten books, issue 7) builds
// in a bounded heap: the EPUB and the web edition, with Node's heap capped at
// 512 MB, so that a leak or a quadratic copy fails here rather than on an
// author's machine. (The PDF of such a book is measured by npm run bench.)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_DATE_EPOCH } from './support/global-setup.ts';
import { writeEssayBook } from '../scripts/bench-books.ts';
import { readEpub } from './support/outputs.ts';

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
  }, 300_000);
});
