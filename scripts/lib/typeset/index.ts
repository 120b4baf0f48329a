// The typeset stage: rehype plugins over each chapter tree, at build time, so
// every output (and every e-reader, whatever CSS it lacks) shows the same text.
// Each plugin is one concern and names the spec/typography.md rules it implements.

import type { Root } from 'hast';
import { unified, type Plugin } from 'unified';
import type { Book } from '../book.ts';
import rehypeJoinCjkLines from './join-cjk-lines.ts';

/** In the order spec/typography.md prescribes. */
export const TYPESET_PLUGINS: readonly Plugin<[], Root>[] = [rehypeJoinCjkLines];

export function typeset(book: Book, plugins = TYPESET_PLUGINS): Book {
  const processor = unified();
  for (const plugin of plugins) processor.use(plugin);
  return {
    ...book,
    chapters: book.chapters.map((chapter) => ({ ...chapter, tree: processor.runSync(structuredClone(chapter.tree)) as Root })),
  };
}
