// The book's own links, checked once it is whole: `[見上文](#斯普尼特克時刻)`
// must name a heading (or note) somewhere in the book; two headings that read
// the same make a link to one of them ambiguous; a chapter with nothing under
// its title is probably a mistake. In the EPUB each chapter is its own file,
// so a link into another chapter names that file (`ch002.xhtml#id`).

import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import type { Book } from './book.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { Chapter } from './markdown.ts';
import { forEachElement, someElement } from './tree.ts';

const at = (chapter: Chapter, node: Element) => ({ file: chapter.file, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });

/** The id an in-book link points at (`<a href="#x">` → `x`), if the element is one. */
export function linkTarget(node: Element): string | undefined {
  const href = node.properties.href;
  return node.tagName === 'a' && typeof href === 'string' && href.startsWith('#') && href.length > 1 ? decodeURIComponent(href.slice(1)) : undefined;
}

/** Which chapter each id of the book is in. */
export function idsByChapter(book: Pick<Book, 'chapters'>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const chapter of book.chapters) {
    forEachElement(chapter.tree, (node) => {
      if (typeof node.properties.id === 'string') ids.set(node.properties.id, chapter.id);
    });
  }
  return ids;
}

/** Warnings for links to no id, headings that read alike, and chapters with only a title. Pure. */
export function linkDiagnostics(book: Pick<Book, 'chapters'>): Diagnostic[] {
  const ids = idsByChapter(book);
  const diagnostics: Diagnostic[] = [];
  const headings = new Map<string, { chapter: Chapter; node: Element }>();
  for (const chapter of book.chapters) {
    let content = 0;
    forEachElement(chapter.tree, (node) => {
      const target = linkTarget(node);
      if (target !== undefined && !ids.has(target)) {
        diagnostics.push({ ...at(chapter, node), severity: 'warning', message: `Unexpected link to "#${target}": no heading or note in the book has that id (headings' ids are their text, e.g. "#${[...ids.keys()][0] ?? '結語'}"); the EPUB leaves it unlinked`, ruleId: 'links:broken' });
      }
      if (/^h[1-6]$/.test(node.tagName)) {
        const text = toString(node).trim();
        const first = headings.get(text);
        if (first && !isNoteLabel(node)) {
          diagnostics.push({ ...at(chapter, node), severity: 'warning', message: `Unexpected second heading "${text}" (the first is at ${first.chapter.file}:${first.node.position?.start.line ?? 1}): a link "#…" reaches only the first; give one of them other words`, ruleId: 'markdown:duplicate-heading' });
        } else if (!first && !isNoteLabel(node)) headings.set(text, { chapter, node });
      } else if (content === 0 && node.tagName !== 'section' && node.tagName !== 'address' && node.tagName !== 'footer') {
        // One element with words is enough to know: reading every element's text again is not.
        if (toString(node).trim()) content++;
      }
    });
    if (content === 0) {
      diagnostics.push({ file: chapter.file, line: 1, column: 1, severity: 'warning', message: `Unexpected empty chapter "${chapter.title}": it has a title and nothing under it`, ruleId: 'markdown:empty-chapter' });
    }
  }
  return diagnostics;
}

/** The 註釋 heading remark-rehype writes above each chapter's notes: every chapter has one. */
const isNoteLabel = (node: Element) => typeof node.properties.id === 'string' && node.properties.id.endsWith('footnote-label');

/** A chapter's tree with links into other chapters pointing at their EPUB files, and links to nowhere unlinked. Pure. */
export function crossChapterLinks(tree: Root, chapterId: string, ids: ReadonlyMap<string, string>): Root {
  const leavesChapter = (node: Element) => {
    const target = linkTarget(node);
    return target !== undefined && ids.get(target) !== chapterId;
  };
  // Most chapters link only within themselves, or nowhere: nothing to change, nothing to copy.
  if (!someElement(tree, leavesChapter)) return tree;
  const copy = structuredClone(tree);
  forEachElement(copy, (node) => {
    if (!leavesChapter(node)) return;
    const home = ids.get(linkTarget(node)!);
    if (home) node.properties.href = `${home}.xhtml${String(node.properties.href)}`;
    // A link to nowhere (warned about by linkDiagnostics) would make the EPUB invalid (RSC-012): its words stay, unlinked.
    else Object.assign(node, { tagName: 'span', properties: {} });
  });
  return copy;
}
