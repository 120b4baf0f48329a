// The book's own links, checked once it is whole: `[見上文](#斯普尼特克時刻)`
// must name a heading (or note) somewhere in the book; two headings that read
// the same make a link to one of them ambiguous; a chapter with nothing under
// its title is probably a mistake. In the EPUB each chapter is its own file,
// so a link into another chapter names that file (`ch002.xhtml#id`).

import type { Element, Root } from 'hast';
import path from 'node:path';
import { closest } from 'fastest-levenshtein';
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

/** Warnings for headings that read alike and chapters with only a title. Pure. */
export function linkDiagnostics(book: Pick<Book, 'chapters'>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const headings = new Map<string, { chapter: Chapter; node: Element }>();
  for (const chapter of book.chapters) {
    let content = 0;
    forEachElement(chapter.tree, (node) => {
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

/** A link that leaves the book for the web (or mail): left as it is. */
const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/** The headings' ids of a chapter (the 註釋 label aside): what a link may name. */
function headingIds(chapter: Chapter): string[] {
  const ids: string[] = [];
  forEachElement(chapter.tree, (node) => {
    if (/^h[1-6]$/.test(node.tagName) && typeof node.properties.id === 'string' && !isNoteLabel(node)) ids.push(node.properties.id);
  });
  return ids;
}

/** `"#背景"`, or nothing if there is no heading to name. */
const nearest = (wanted: string, ids: readonly string[]) => (ids.length ? `"#${closest(wanted, [...ids])}"` : undefined);

/**
 * Every link of the book that stays inside it, made to point at an id the
 * book has, in every output: `02-errors.md`, `./02-errors.md#疑難排除` and
 * `../part/x.md` (a chapter file, relative to the chapter that links to it)
 * become `#疑難排除` or `#<that chapter's title>`; the EPUB then names the
 * chapter's file (crossChapterLinks), the web edition and the PDF link within
 * themselves. A link to a file that is no chapter of the book, or to an id
 * no heading or note has (translations keep the original's English anchors),
 * is warned about at its place, naming the nearest heading, and its words
 * stay unlinked: never a dead link. Pure: `resolve(chapterFile, href)` is
 * the file a relative link names (the caller: path.resolve from the chapter's folder).
 */
export function resolveLinks(book: Book, resolve: (from: string, relative: string) => string): { book: Book; diagnostics: Diagnostic[] } {
  const ids = idsByChapter(book);
  const byFile = new Map(book.chapters.map((c) => [resolve(c.file, path.basename(c.file)), c]));
  const diagnostics: Diagnostic[] = [];
  const isLink = (node: Element) => node.tagName === 'a' && typeof node.properties.href === 'string';
  const unlinked = (n: Element) => Object.assign(n, { tagName: 'span', properties: {} });
  const chapters = book.chapters.map((chapter) => {
    // What to do to each link of the chapter, in document order (undefined: nothing).
    const changes: (((node: Element) => void) | undefined)[] = [];
    forEachElement(chapter.tree, (node) => {
      if (!isLink(node)) return;
      const href = String(node.properties.href);
      const unlink = (message: string, ruleId: string) => {
        diagnostics.push({ ...at(chapter, node), severity: 'warning', message, ruleId });
        changes.push(unlinked);
      };
      if (href.startsWith('#')) {
        const id = safeDecode(href.slice(1));
        if (id === '' || ids.has(id)) return void changes.push(undefined);
        const hint = nearest(id, book.chapters.flatMap(headingIds));
        return unlink(`Unexpected link to "#${id}": no heading or note in the book has that id (headings' ids are their text${hint ? `; the nearest is ${hint}` : ''}); it is left unlinked`, 'links:broken');
      }
      if (EXTERNAL.test(href)) return void changes.push(undefined);
      const [pathPart = '', ...rest] = href.split('#');
      const fragment = rest.length ? safeDecode(rest.join('#')) : '';
      const target = byFile.get(resolve(chapter.file, safeDecode(pathPart)));
      if (!target) {
        const files = book.chapters.map((c) => path.basename(c.file));
        return unlink(`Unexpected link to "${href}": it is not a chapter of the book, expected a chapter's file (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}) or a web address; it is left unlinked`, 'links:outside-book');
      }
      const headings = headingIds(target);
      const id = fragment || (headings[0] ?? target.id);
      if (!ids.has(id)) {
        const hint = nearest(id, headings);
        return unlink(`Unexpected link to "${href}": ${path.basename(target.file)} has no heading or note with the id "${id}"${hint ? `, expected one of its headings' ids: the nearest is ${hint}` : ''}; it is left unlinked`, 'links:broken');
      }
      changes.push((n) => (n.properties.href = `#${encodeURIComponent(id)}`));
    });
    // Most chapters' links are all fine: nothing to copy.
    if (!changes.some(Boolean)) return chapter;
    const tree = structuredClone(chapter.tree);
    let index = 0;
    forEachElement(tree, (node) => {
      if (isLink(node)) changes[index++]?.(node);
    });
    return { ...chapter, tree };
  });
  return { book: { ...book, chapters }, diagnostics };
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

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
    // A link to nowhere (resolveLinks unlinks and warns about those already) would make the EPUB invalid (RSC-012): its words stay, unlinked.
    else Object.assign(node, { tagName: 'span', properties: {} });
  });
  return copy;
}
