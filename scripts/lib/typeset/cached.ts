// The typeset stage through the cache (../cache.ts): a chapter whose parsed
// tree, typographic settings and typesetting code are all unchanged is taken
// from the last build instead of being typeset again — most of a long book's
// preparation, and every unchanged chapter of a rebuild in `npm run dev`.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'hast';
import type { Book } from '../book.ts';
import { contentKey, type ContentCache } from '../cache.ts';
import { typeset } from './index.ts';

let recipe: Promise<string> | undefined;

/** The typesetting code itself (every file of this folder) and the Unicode data it segments text with. */
function typesetRecipe(): Promise<string> {
  recipe ??= (async () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
    const sources = await Promise.all(files.map(async (f) => `${f}\n${await readFile(path.join(dir, f), 'utf8')}`));
    return contentKey([process.version, process.versions.icu ?? '', process.versions.unicode ?? '', ...sources]);
  })();
  return recipe;
}

export async function typesetCached(book: Book, cache: ContentCache | undefined): Promise<Book> {
  if (!cache) return typeset(book);
  const { layout, typography, language } = book.config;
  const settings = JSON.stringify({ writingMode: layout.writingMode, typography, language });
  const code = await typesetRecipe();
  const keys = book.chapters.map((chapter) => contentKey([code, settings, JSON.stringify(chapter.tree)]));
  const kept = await Promise.all(keys.map((key) => cache.get<Root>(key)));
  const done = typeset(book, (position) => kept[position]?.facts);
  await Promise.all(done.chapters.map((chapter, i) => (kept[i] ? undefined : cache.set(keys[i]!, { facts: chapter.tree }))));
  // Only what was added can take the cache past its size.
  if (kept.some((entry) => !entry)) await cache.trim();
  return done;
}
