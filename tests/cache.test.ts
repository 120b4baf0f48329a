// The cache (scripts/lib/cache.ts): a part of the book printed before is not
// printed again, a chapter typeset before is not typeset again, a font file
// cut before is not cut again, and a book built from the cache is byte for
// byte the book built without it.

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareBook } from '../scripts/build.ts';
import { BrowserSession } from '../scripts/lib/browser.ts';
import { toPdf } from '../scripts/lib/pdf.ts';
import { cacheFor, ContentCache } from '../scripts/lib/cache.ts';
import { parseBook, type Book } from '../scripts/lib/book.ts';
import { subsetFonts } from '../scripts/lib/embed-fonts.ts';
import { toEpub } from '../scripts/lib/epub.ts';
import { loadManuscript, loadTemplates } from '../scripts/lib/load.ts';
import { typeset } from '../scripts/lib/typeset/index.ts';
import { typesetCached } from '../scripts/lib/typeset/cached.ts';
import { itWith, type Tool } from './support/tools.ts';
import { executable } from './support/validators.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paiban-cache-'));
const session = executable ? new BrowserSession(executable) : undefined;
afterAll(async () => {
  await session?.close();
  rmSync(scratch, { recursive: true, force: true });
});
const chromium: Tool = { name: 'Chromium', available: executable !== undefined, install: 'apt-get install chromium' };

/** The book's screen PDF, each chapter a run of its own, printed through `cache` (or none). */
async function pdfOf(manuscript: string, cache: ContentCache | undefined) {
  const { book, templates, fonts, missingGlyphs } = await prepareBook(manuscript);
  const { bytes, timings } = await toPdf(book, { templates, fonts, missingGlyphs, browser: session!, cache, runCharacters: 1, readFont: (file) => Promise.resolve(readFileSync(file)) });
  return { bytes, prints: timings.prints, cached: timings.cached };
}

describe('print cache', () => {
  itWith(chromium, 'prints a book once, then takes every part from the cache, then prints only the chapter that changed; every PDF is the one made without a cache', async () => {
    const manuscript = path.join(scratch, 'links');
    cpSync('tests/fixtures/links', manuscript, { recursive: true });
    const cache = new ContentCache(path.join(scratch, 'prints'));

    const cold = await pdfOf(manuscript, cache);
    // The front matter with placeholders, three runs, the front matter with the pages.
    expect([cold.prints, cold.cached]).toEqual([5, 0]);
    const warm = await pdfOf(manuscript, cache);
    expect([warm.prints, warm.cached]).toEqual([0, 5]);
    expect(Buffer.from(warm.bytes).equals(Buffer.from(cold.bytes))).toBe(true);
    expect(Buffer.from((await pdfOf(manuscript, undefined)).bytes).equals(Buffer.from(cold.bytes))).toBe(true);

    // One paragraph of the second chapter changes: only its run is printed again (its page count holds, so the contents do too).
    const second = readdirSync(manuscript).filter((f) => f.endsWith('.md')).sort()[1]!;
    const file = path.join(manuscript, second);
    writeFileSync(file, readFileSync(file, 'utf8').replace('第二章也有一節叫背景。', '第二章也有一節叫背景，改過了。'));
    const edited = await pdfOf(manuscript, cache);
    expect([edited.prints, edited.cached]).toEqual([1, 4]);
    expect(Buffer.from(edited.bytes).equals(Buffer.from((await pdfOf(manuscript, undefined)).bytes))).toBe(true);
    expect(Buffer.from(edited.bytes).equals(Buffer.from(cold.bytes))).toBe(false);
  }, 120_000);

  itWith(chromium, 'prints again what it cannot read back (an entry whose PDF is gone)', async () => {
    const manuscript = 'tests/fixtures/minimal';
    const cache = new ContentCache(path.join(scratch, 'half'));
    const first = await pdfOf(manuscript, cache);
    for (const name of readdirSync(cache.dir).filter((n) => n.endsWith('.bin'))) rmSync(path.join(cache.dir, name));
    const again = await pdfOf(manuscript, cache);
    expect(again.cached).toBe(0);
    expect(again.prints).toBe(first.prints);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  }, 60_000);

  it('keeps to its size, dropping the least recently used entries first', async () => {
    const cache = new ContentCache(path.join(scratch, 'trim'));
    for (const [i, key] of ['old', 'middle', 'new'].entries()) {
      await cache.set(key, { bytes: new Uint8Array(1000), facts: { n: i } });
      const when = new Date(Date.UTC(2026, 0, 1 + i));
      utimesSync(path.join(cache.dir, `${key}.json`), when, when);
    }
    // Reading "old" makes it the most recently used.
    expect((await cache.get<{ n: number }>('old'))?.facts).toEqual({ n: 0 });
    await cache.trim(2100);
    expect(readdirSync(cache.dir).sort()).toEqual(['new.bin', 'new.json', 'old.bin', 'old.json']);
  });

  it('typesets only the chapters that changed, to the same trees and the same EPUB', async () => {
    const manuscript = path.join(scratch, 'three');
    cpSync('tests/fixtures/three-chapters', manuscript, { recursive: true });
    const templates = await loadTemplates();
    const parsed = async () => parseBook(await loadManuscript(manuscript)).book;
    const epubOf = async (book: Book) => Buffer.from(await toEpub(book, templates));
    const dir = path.join(scratch, 'typeset');

    const book = await parsed();
    const cold = new ContentCache(dir);
    const first = await typesetCached(book, cold);
    expect([cold.hits, cold.misses]).toEqual([0, 3]);
    expect(first).toEqual(typeset(book));

    const warm = new ContentCache(dir);
    const second = await typesetCached(await parsed(), warm);
    expect([warm.hits, warm.misses]).toEqual([3, 0]);
    expect(second).toEqual(first);
    expect((await epubOf(second)).equals(await epubOf(first))).toBe(true);

    const second2 = readdirSync(manuscript).filter((f) => f.endsWith('.md')).sort()[1]!;
    const file = path.join(manuscript, second2);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n新加的一段,有半形逗號。\n`);
    const edited = await parsed();
    const after = new ContentCache(dir);
    const third = await typesetCached(edited, after);
    expect([after.hits, after.misses]).toEqual([2, 1]);
    expect(third).toEqual(typeset(edited));
    expect(JSON.stringify(third.chapters[1]!.tree)).toContain('新加的一段，有半形逗號。');
  });

  it('cuts each font file once: the same files from the cache, by the hash of the source and the characters', async () => {
    const { fonts, text } = await prepareBook('manuscript');
    const read = (file: string) => Promise.resolve(new Uint8Array(readFileSync(file)));
    const fresh = await subsetFonts(fonts, text, read);
    const cache = new ContentCache(path.join(scratch, 'fonts'));
    const first = await subsetFonts(fonts, text, read, { cache });
    expect([cache.hits, cache.misses]).toEqual([0, fresh.length]);
    const again = new ContentCache(cache.dir);
    const second = await subsetFonts(fonts, text, read, { cache: again });
    expect([again.hits, again.misses]).toEqual([fresh.length, 0]);
    for (const got of [first, second]) {
      expect(got.map((f) => [f.file, f.ranges, f.family, f.weight])).toEqual(fresh.map((f) => [f.file, f.ranges, f.family, f.weight]));
      expect(got.every((f, i) => Buffer.from(f.bytes).equals(Buffer.from(fresh[i]!.bytes)))).toBe(true);
    }
    // Other characters, other files.
    const fewer = new ContentCache(cache.dir);
    await subsetFonts(fonts, '深度求索', read, { cache: fewer });
    expect(fewer.misses).toBeGreaterThan(0);
  }, 60_000);

  it('is where the environment says: off, a folder of its own, or under node_modules/.cache', () => {
    expect(cacheFor('prints', { PAIBAN_CACHE: 'off' })).toBeUndefined();
    expect(cacheFor('prints', { PAIBAN_CACHE: '/tmp/cache' })?.dir).toBe('/tmp/cache/prints');
    expect(cacheFor('typeset', {}, '/book')?.dir).toBe(path.join('/book', 'node_modules', '.cache', 'paiban', 'typeset'));
  });
});
