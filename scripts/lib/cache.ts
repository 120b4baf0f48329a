// Work kept by what went into it (content-addressed), so that the next build,
// or the next rebuild in `npm run dev`, does not do it again: Chromium's print
// of each part of the book (pdf.ts), each chapter's typeset tree (typeset/)
// and each font file cut to a book's characters (embed-fonts.ts). An entry's key is a hash of every input and of the code that
// did the work; the same inputs give the same bytes (Chromium prints the same
// page to the same PDF), so a build from the cache is the build without it —
// tests check both.
//
// The cache is node_modules/.cache/paiban/ (PAIBAN_CACHE names another
// folder; PAIBAN_CACHE=off turns it off), one folder per kind of work, each
// holding at most CACHE_BYTES: the least recently used entries go first. A
// cache that cannot be read or written costs speed, never the build.

import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './write.ts';

export const CACHE_BYTES = 512 * 2 ** 20;

/** A kept result: facts as JSON, and bytes beside them if the work made a file. */
export interface CacheEntry<T> {
  facts: T;
  bytes?: Uint8Array | undefined;
}

/** A hash of the parts, each length-prefixed so that no two lists of parts run together alike. */
export function contentKey(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}

export class ContentCache {
  readonly dir: string;
  hits = 0;
  misses = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const facts = path.join(this.dir, `${key}.json`);
    try {
      const entry = JSON.parse(await readFile(facts, 'utf8')) as { facts: T; hasBytes: boolean };
      const bytes = entry.hasBytes ? new Uint8Array(await readFile(path.join(this.dir, `${key}.bin`))) : undefined;
      // Used now: the last to be dropped.
      const now = new Date();
      await utimes(facts, now, now).catch(() => undefined);
      this.hits += 1;
      return { facts: entry.facts, bytes };
    } catch {
      this.misses += 1;
      return undefined;
    }
  }

  /** Keep a result: the bytes first, the facts last (facts without their bytes are never read). */
  async set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
    try {
      if (entry.bytes) await writeFileAtomic(path.join(this.dir, `${key}.bin`), entry.bytes);
      await writeFileAtomic(path.join(this.dir, `${key}.json`), JSON.stringify({ facts: entry.facts, hasBytes: entry.bytes !== undefined }));
    } catch {
      // The build does not need its cache.
    }
  }

  /** Drop the least recently used entries until the folder holds at most `limit` bytes. */
  async trim(limit = CACHE_BYTES): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries = await Promise.all(
      names.filter((n) => n.endsWith('.json')).map(async (name) => {
        const key = name.slice(0, -'.json'.length);
        const files = [path.join(this.dir, name), path.join(this.dir, `${key}.bin`)];
        const stats = await Promise.all(files.map((f) => stat(f).catch(() => undefined)));
        return { files, size: stats.reduce((sum, s) => sum + (s?.size ?? 0), 0), usedMs: stats[0]?.mtimeMs ?? 0 };
      }),
    );
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    for (const entry of entries.sort((a, b) => a.usedMs - b.usedMs)) {
      if (total <= limit) break;
      await Promise.all(entry.files.map((f) => rm(f, { force: true })));
      total -= entry.size;
    }
  }
}

/** The cache for one kind of work, as the environment asks: PAIBAN_CACHE=off for none, a folder, or under node_modules/.cache. */
export function cacheFor(kind: 'prints' | 'typeset' | 'fonts' | 'images', env: NodeJS.ProcessEnv = process.env, root = '.'): ContentCache | undefined {
  const setting = env.PAIBAN_CACHE;
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  return new ContentCache(path.join(setting || path.join(root, 'node_modules', '.cache', 'paiban'), kind));
}
