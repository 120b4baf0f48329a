// A manuscript of three million characters (about ten books, issue 7) builds
// in a bounded heap: the EPUB and the web edition, with Node's heap capped at
// 512 MB, so that a leak or a quadratic copy fails here rather than on an
// author's machine. (The PDF of such a book is measured by npm run bench.)

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_DATE_EPOCH } from './support/global-setup.ts';
import { readEpub, SEED_PATH } from './support/outputs.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-scale-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CHAPTERS = 20;
const CHARACTERS = 3_000_000;
const HEAP_MB = 512;

/** The essay's paragraphs, over and over, in chapters of sections, each with its own title. */
function writeBigManuscript(dir: string): number {
  const paragraphs = readFileSync(SEED_PATH, 'utf8').split('\n').filter((line) => line.trim() && !line.startsWith('#') && !line.startsWith(':::'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'book.yaml'), 'title: 十冊之書\nslug: big\n');
  let total = 0;
  for (let chapter = 1; chapter <= CHAPTERS; chapter++) {
    const blocks = [`# 第${chapter}章`];
    for (let count = 0, i = 0; count < CHARACTERS / CHAPTERS; i++) {
      if (i % 40 === 0) blocks.push(`## 第${chapter}章第${i / 40 + 1}節`);
      const paragraph = paragraphs[i % paragraphs.length]!;
      blocks.push(paragraph);
      count += paragraph.length;
      total += paragraph.length;
    }
    writeFileSync(path.join(dir, `${String(chapter).padStart(3, '0')}.md`), `${blocks.join('\n\n')}\n`);
  }
  return total;
}

describe('three million characters', () => {
  it(`build into an EPUB and a web edition with Node's heap capped at ${HEAP_MB} MB`, async () => {
    const manuscript = path.join(scratch, 'big');
    const total = writeBigManuscript(manuscript);
    expect(total).toBeGreaterThanOrEqual(CHARACTERS);
    const out = path.join(scratch, 'out');
    const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', 'scripts/build.ts', '--manuscript', manuscript, '--out', out, '--format', 'epub,html', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    const zip = await readEpub(path.join(out, 'big.epub'));
    const chapters = Object.keys(zip.files).filter((name) => /^OEBPS\/ch\d+\.xhtml$/.test(name));
    expect(chapters).toHaveLength(CHAPTERS);
    const last = await zip.file(chapters.sort().at(-1)!)!.async('string');
    expect(last).toContain(`第${CHAPTERS}章第2節`);
    const web = readFileSync(path.join(out, 'big', 'index.html'), 'utf8');
    expect(web.split('<h2').length - 1).toBeGreaterThan(CHAPTERS * 10);
  }, 300_000);
});
