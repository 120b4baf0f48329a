// Chromium's prints, kept by what went into them (content-addressed): a part
// of the book whose page, stylesheet, fonts, pictures, browser and way of
// printing are all unchanged is not printed again, in the next build or the
// next rebuild in `npm run dev`. Chromium prints the same input to the same
// bytes, so a build from the cache is the build without it (a test checks).
//
// The cache is node_modules/.cache/paiban/prints (PAIBAN_CACHE names another
// folder; PAIBAN_CACHE=off turns it off). It holds at most CACHE_BYTES: the
// least recently used prints go first.

import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { BookImage } from './images.ts';
import type { WebPage } from './html.ts';
import { writeFileAtomic } from './write.ts';

export const CACHE_BYTES = 512 * 2 ** 20;

/** What a print gave: the PDF and what was read from its layout. */
export interface CachedPrint<T> {
  pdf: Uint8Array;
  facts: T;
}

export class PrintCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * The key of a print: the page, its stylesheet, the length of its lines,
   * every font file it may load (by path, size and time), the pictures, the
   * browser's version and `recipe` (how it is printed: the code that does it).
   */
  async key(page: WebPage, images: readonly BookImage[], browserVersion: string, recipe: string): Promise<string> {
    const hash = createHash('sha256');
    const part = (text: string | Uint8Array) => hash.update(`${text.length}:`).update(text);
    part(recipe);
    part(browserVersion);
    part(page.html);
    part(page.css);
    part(String(page.lineMm ?? ''));
    for (const font of page.fonts) {
      const { size, mtimeMs } = await stat(font.path);
      part(`${font.path} ${size} ${mtimeMs}`);
    }
    for (const image of images) {
      part(image.href);
      part(image.bytes);
    }
    return hash.digest('hex');
  }

  async get<T>(key: string): Promise<CachedPrint<T> | undefined> {
    const file = path.join(this.dir, `${key}.pdf`);
    try {
      const [pdf, facts] = await Promise.all([readFile(file), readFile(path.join(this.dir, `${key}.json`), 'utf8')]);
      // Used now: the last to be dropped.
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return { pdf: new Uint8Array(pdf), facts: JSON.parse(facts) as T };
    } catch {
      return undefined;
    }
  }

  /** Keep a print (facts first: a PDF without them is never read). A full disk or a read-only folder only costs speed. */
  async set<T>(key: string, value: CachedPrint<T>): Promise<void> {
    try {
      await writeFileAtomic(path.join(this.dir, `${key}.json`), JSON.stringify(value.facts));
      await writeFileAtomic(path.join(this.dir, `${key}.pdf`), value.pdf);
    } catch {
      // The build does not need its cache.
    }
  }

  /** Drop the least recently used prints until the cache holds at most `limit` bytes. */
  async trim(limit = CACHE_BYTES): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const prints = await Promise.all(
      names.filter((n) => n.endsWith('.pdf')).map(async (name) => {
        const file = path.join(this.dir, name);
        const { size, mtimeMs } = await stat(file).catch(() => ({ size: 0, mtimeMs: 0 }));
        return { file, size, mtimeMs };
      }),
    );
    let total = prints.reduce((sum, p) => sum + p.size, 0);
    for (const print of prints.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
      if (total <= limit) break;
      await rm(print.file, { force: true });
      await rm(print.file.replace(/\.pdf$/, '.json'), { force: true });
      total -= print.size;
    }
  }
}

/** The build's cache, as the environment asks: PAIBAN_CACHE=off for none, a folder, or the default under node_modules. */
export function printCacheFor(env: NodeJS.ProcessEnv = process.env, root = '.'): PrintCache | undefined {
  const setting = env.PAIBAN_CACHE;
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  return new PrintCache(setting || path.join(root, 'node_modules', '.cache', 'paiban', 'prints'));
}
