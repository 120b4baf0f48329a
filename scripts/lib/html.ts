// The render stage: Book → HTML documents, pure. XHTML fragments for the EPUB
// (its templates wrap them), and whole HTML pages for the web edition and the
// print PDF, from the EJS templates in templates/.

import ejs from 'ejs';
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import { toXast } from 'hast-util-to-xast';
import type { Element as XastElement, Root as XastRoot } from 'xast';
import { toXml } from 'xast-util-to-xml';
import type { Book } from './book.ts';
import { PRINT_FONT_MM, PRINT_FONT_SIZE_PT, PRINT_LINE_HEIGHT, type BookConfig, type WritingMode } from './config.ts';
import { BODY_CHAIN, CODE_CHAIN, fontFamilyList } from './font-chain.ts';
import { fontFaceCss, type FontFace } from './fonts.ts';
import { imprintRows } from './imprint.ts';
import { labelsFor } from './labels.ts';
import { idsByChapter, linkTarget } from './links.ts';
import type { Templates } from './load.ts';
import type { Chapter } from './markdown.ts';
import { printedImageSize, type BookImage } from './images.ts';
import { forEachElement } from './tree.ts';
import { phrases } from './typeset/phrases.ts';
import { GENERATOR } from './version.ts';

/** HTML void elements: the only ones XHTML may write as `<x/>` and old readers still parse. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * A chapter body as an XHTML fragment: well-formed XML, UTF-8 text (no
 * `&#x…;` for CJK, spec C25), `<br />` for voids and `<p></p>` for empty
 * non-void elements (a `<p/>` would open a paragraph in an HTML parser).
 */
export function toXhtmlFragment(tree: Root): string {
  // toXast makes a new tree: it is ours to change, the chapter's is not.
  const xml = toXast(tree) as XastRoot;
  const fill = (node: XastRoot | XastElement) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.children.length === 0 && !VOID.has(child.name)) child.children.push({ type: 'text', value: '' });
      fill(child);
    }
  };
  fill(xml);
  // The fragment is pasted into an XHTML template that declares the namespace.
  return toXml(xml, { closeEmptyElements: true }).replaceAll(' xmlns="http://www.w3.org/1999/xhtml"', '');
}

export function toHtmlFragment(tree: Root): string {
  return toHtml(tree);
}

/** All text a reader can see in the book, for choosing font files. */
export function bookText(book: Book): string {
  const { config } = book;
  const labels = labelsFor(config.language);
  // Everything paiban itself writes: labels, the copyright page's fields and date.
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
  const meta = [config.title, config.subtitle, ...config.author, config.publisher, config.rights, config.source, config.description, config.date && labels.date(config.date), ...strings(labels)];
  const pictures = book.images.flatMap((image) => (image.text ? [image.text] : []));
  return [...meta.filter((s): s is string => typeof s === 'string'), ...book.chapters.flatMap((c) => [c.title, toText(c.tree)]), ...pictures, ASCII, '©、：'].join('\n');
}

/** Printable ASCII: what a folio, a URL or an identifier may need. */
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/** The text of the book's code (`code`, `pre`, `kbd`, `samp`), with the ASCII it may show; empty if it has none. */
export function codeText(book: Book): string {
  const found: string[] = [];
  for (const chapter of book.chapters) {
    forEachElement(chapter.tree, (element) => {
      if (CODE_ELEMENTS.has(element.tagName)) found.push(toText(element));
    });
  }
  return found.length ? [...found, ASCII].join('\n') : '';
}

const CODE_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp']);

/**
 * The templates name the font chains by two keywords, `paiban-body-fonts`
 * and `paiban-code-fonts`, replaced by the chains' font-family lists
 * (font-chain.ts), so that every output names the same fonts in the same order.
 */
const FONT_KEYWORDS = { 'paiban-body-fonts': fontFamilyList(BODY_CHAIN), 'paiban-code-fonts': fontFamilyList(CODE_CHAIN, 'code') };

/** CSS layers from templates/css, in cascade order. */
export function stylesheet(templates: Templates, book: Book, medium: 'epub' | 'print' | 'web'): string {
  const layers = ['css/base.css', `css/${medium}.css`];
  if (book.config.layout.writingMode === 'vertical') layers.push('css/vertical.css');
  return layers.map((name) => template(templates, name)).join('\n').replace(/\bpaiban-(body|code)-fonts\b/g, (keyword) => FONT_KEYWORDS[keyword as keyof typeof FONT_KEYWORDS]);
}


/**
 * @page rules for the trim size. The side margins are chosen so that the type
 * area (版心) is a whole number of characters wide: justified Chinese then
 * needs no extra spacing between characters.
 */
export interface PageGeometry {
  topMm: number;
  bottomMm: number;
  /** The margin on the bound edge of a page (the gutter side) and on its open edge. */
  innerMm: number;
  outerMm: number;
  /** Characters per line: the type area (版心) is a whole number of them long. */
  charsPerLine: number;
  /** Length of a line in millimetres (width, or height in a vertical book). */
  lineMm: number;
}

/** Extra room on the bound edge, so no text disappears into the spine of a glued paperback. */
const GUTTER_SHARE = 0.03;

/**
 * The page's margins: the type area (版心) is a whole number of characters
 * long — `layout.charsPerLine` if the book gives it, else as many as fit in
 * the usual margins — and `layout.linesPerPage` lines deep if given. What is
 * left is shared between the margins, the bound edge getting a gutter.
 */
export function pageGeometry(layout: BookConfig['layout']): PageGeometry {
  const { pageSize: size, writingMode } = layout;
  const vertical = writingMode === 'vertical';
  const gutterMm = size.widthMm * GUTTER_SHARE;
  const pitchMm = PRINT_FONT_MM * PRINT_LINE_HEIGHT;
  // Along the lines: the page's width (height in a vertical book); across them: the other.
  const lineRoomMm = vertical ? size.heightMm : size.widthMm;
  const defaultLineMargins = vertical ? size.heightMm * 0.21 : size.widthMm * 0.24 + gutterMm;
  const charsPerLine = layout.charsPerLine ?? Math.floor((lineRoomMm - defaultLineMargins) / PRINT_FONT_MM);
  const lineMm = charsPerLine * PRINT_FONT_MM;
  let topMm: number;
  let bottomMm: number;
  let sideMm: number;
  if (vertical) {
    // Lines run down the page: top and bottom frame the line; the sides, the stack of lines.
    const spare = size.heightMm - lineMm;
    [topMm, bottomMm] = [spare * (10 / 21), spare * (11 / 21)];
    const stackMm = layout.linesPerPage !== undefined ? layout.linesPerPage * pitchMm : size.widthMm * 0.76 - gutterMm;
    sideMm = (size.widthMm - stackMm - gutterMm) / 2;
  } else {
    sideMm = (size.widthMm - lineMm - gutterMm) / 2;
    const stackMm = layout.linesPerPage !== undefined ? layout.linesPerPage * pitchMm : size.heightMm * 0.79;
    const spare = size.heightMm - stackMm;
    [topMm, bottomMm] = [spare * (10 / 21), spare * (11 / 21)];
  }
  return { topMm, bottomMm, innerMm: sideMm + gutterMm, outerMm: sideMm, charsPerLine, lineMm };
}

/**
 * Which side of a page is bound: a left-bound (horizontal) book binds its
 * rectos on the left; a right-bound (vertical) book on the right. Chromium
 * calls every odd page `:right`, whatever the writing mode (puppeteer #14218),
 * so for a vertical book `:right` pages are bound on their right.
 */
export function boundOnLeft(pageNumber: number, writingMode: WritingMode): boolean {
  const recto = pageNumber % 2 === 1;
  return writingMode === 'vertical' ? !recto : recto;
}

/** The margins measured from the sheet's edge when it is `bleedMm` larger than the trim on every side. */
export function withBleed(geometry: PageGeometry, bleedMm: number): PageGeometry {
  return { ...geometry, topMm: geometry.topMm + bleedMm, bottomMm: geometry.bottomMm + bleedMm, innerMm: geometry.innerMm + bleedMm, outerMm: geometry.outerMm + bleedMm };
}

/**
 * Which margins the pages are laid out with: `mirrored`, as a book has them
 * (Chromium's :left and :right pages), or `recto`, every page with a recto's,
 * the versos moved afterwards (versoShiftPt) — a part printed on its own does
 * not know which of its pages will be versos.
 */
export type PageSides = 'mirrored' | 'recto';

/** The @page rules; `bleedMm` widens the sheet on every side (the printer trims it off). */
export function pageCss(layout: BookConfig['layout'], bleedMm = 0, sides: PageSides = 'mirrored'): string {
  const { pageSize: size, writingMode } = layout;
  const { topMm, bottomMm, innerMm, outerMm, charsPerLine } = withBleed(pageGeometry(layout), bleedMm);
  const mm = (n: number) => `${n.toFixed(3)}mm`;
  const sideMargins = (boundLeft: boolean) => (boundLeft ? `margin-left: ${mm(innerMm)}; margin-right: ${mm(outerMm)};` : `margin-left: ${mm(outerMm)}; margin-right: ${mm(innerMm)};`);
  const page = `@page { size: ${mm(size.widthMm + 2 * bleedMm)} ${mm(size.heightMm + 2 * bleedMm)}; margin: ${mm(topMm)} ${mm(outerMm)} ${mm(bottomMm)}; }`;
  return [
    `/* ${size.name}: ${size.widthMm} × ${size.heightMm} mm, ${charsPerLine} characters of ${PRINT_FONT_SIZE_PT}pt per line; mirrored margins, the wider on the bound edge${sides === 'recto' ? ' (every page laid out as a recto; versos moved after printing)' : ''} */`,
    page,
    ...(sides === 'mirrored'
      ? [`@page :right { ${sideMargins(boundOnLeft(1, writingMode))} }`, `@page :left { ${sideMargins(boundOnLeft(2, writingMode))} }`]
      : [`@page { ${sideMargins(boundOnLeft(1, writingMode))} }`]),
    `html { --paiban-font-size: ${PRINT_FONT_SIZE_PT}pt; line-height: ${PRINT_LINE_HEIGHT}; }`,
  ].join('\n');
}

/** CSS pixels per millimetre: Chromium places a page's content at its margins rounded to whole pixels. */
const PX_PER_MM = 96 / 25.4;

/**
 * How far (points, along x) a verso's page box must move for a page laid out
 * as a recto to show a verso's margins: the bound edge changes sides, so the
 * content moves by the difference of the margins as Chromium rounds them to
 * whole CSS pixels. Positive moves the content left (a left-bound book's
 * versos), negative right (a right-bound book's). Pure.
 */
export function versoShiftPt(layout: BookConfig['layout'], bleedMm = 0): number {
  const { innerMm, outerMm } = withBleed(pageGeometry(layout), bleedMm);
  const shift = (Math.round(innerMm * PX_PER_MM) - Math.round(outerMm * PX_PER_MM)) * 0.75;
  return boundOnLeft(1, layout.writingMode) ? shift : -shift;
}

interface PageChapter {
  id: string;
  headingId: string;
  title: string;
  sections: Chapter['sections'];
  html: string;
}

function chapterH1(chapter: Chapter): Element | undefined {
  return chapter.tree.children.find((n: RootContent): n is Element => n.type === 'element' && n.tagName === 'h1');
}

function headingId(chapter: Chapter): string {
  return String(chapterH1(chapter)?.properties.id ?? chapter.id);
}

/** The text of a chapter's `<h1>`, as the PDF outline shows it. */
export function chapterHeading(chapter: Chapter): string {
  const h1 = chapterH1(chapter);
  return h1 ? toText(h1) : chapter.title;
}

/** The type area (版心) in millimetres: the page less its margins. */
export function typeArea(layout: BookConfig['layout']): { widthMm: number; heightMm: number } {
  const { topMm, bottomMm, innerMm, outerMm } = pageGeometry(layout);
  return { widthMm: layout.pageSize.widthMm - innerMm - outerMm, heightMm: layout.pageSize.heightMm - topMm - bottomMm };
}

/**
 * A chapter as the print page shows it. Paragraphs are marked with where they
 * come from (`data-source="01.md:12:1"`), so that what only the printed layout
 * shows (a lone last character, T21) can be reported at the manuscript's line.
 * Images are given their printed size in millimetres (printedImageSize).
 */
export function forPrint(tree: Root, file: string, layout: BookConfig['layout']): Root {
  const copy = structuredClone(tree);
  const area = typeArea(layout);
  forEachElement(copy, (node) => {
    const start = node.position?.start;
    if (node.tagName === 'p' && start) node.properties.dataSource = `${file}:${start.line}:${start.column}`;
    const { width, height } = node.properties;
    if (node.tagName === 'img' && typeof width === 'number' && typeof height === 'number') {
      // An SVG's size is in CSS pixels (96 an inch); it stays sharp at any size.
      const size = printedImageSize({ width, height }, area, layout.writingMode, isSvg(node) ? CSS_PX_PER_INCH : undefined);
      node.properties.style = `width: ${size.widthMm.toFixed(2)}mm; height: ${size.heightMm.toFixed(2)}mm`;
    }
  });
  return copy;
}

const CSS_PX_PER_INCH = 96;
const isSvg = (node: Element) => typeof node.properties.src === 'string' && node.properties.src.endsWith('.svg');

/**
 * The web and print pages draw an SVG inline, not as an <img>: an image is
 * drawn in isolation, without the page's fonts, so its text would fall back
 * to a system font (Type 3 in the PDF). Inline, it is set in the book's fonts
 * (svg.ts names them) and printed as vectors. It was sanitised when it was
 * read (svg.ts); the alt text becomes its accessible name.
 */
export function inlineSvgs(tree: Root, images: readonly BookImage[]): Root {
  if (!images.some((i) => i.mediaType === 'image/svg+xml')) return tree;
  const svgs = new Map(images.filter((i) => i.mediaType === 'image/svg+xml').map((i) => [i.href, i]));
  const copy = structuredClone(tree);
  forEachElement(copy, (node, parent, index) => {
    const image = node.tagName === 'img' ? svgs.get(String(node.properties.src)) : undefined;
    if (!image) return;
    const svg = fromHtml(new TextDecoder().decode(image.bytes), { fragment: true }).children.find((n): n is Element => n.type === 'element');
    if (!svg) return;
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
    svg.properties = { ...svg.properties, role: 'img', ...(alt ? { ariaLabel: alt } : { ariaHidden: 'true' }), width: node.properties.width, height: node.properties.height, ...(node.properties.style ? { style: node.properties.style } : {}), className: ['picture'] };
    parent.children[index] = svg;
  });
  return copy;
}

function pageLocals(book: Book, options: { print?: boolean } = {}) {
  const chapters: PageChapter[] = book.chapters.map((c) => ({
    id: c.id,
    headingId: headingId(c),
    title: c.title,
    sections: c.sections,
    html: toHtmlFragment(inlineSvgs(options.print ? forPrint(c.tree, c.file, book.config.layout) : c.tree, book.images)),
  }));
  return {
    lang: book.config.language,
    title: book.config.title,
    authors: book.config.author,
    description: book.config.description ?? '',
    generator: GENERATOR,
    tocTitle: labelsFor(book.config.language).toc,
    chapters,
  };
}

/** A template's text; a missing one is a broken installation, not bad input. */
export function template(templates: Templates, name: string): string {
  const text = templates[name];
  if (text === undefined) throw new Error(`templates/${name} is missing`);
  return text;
}

/** The book's @font-face rules, served from `fonts/` beside the page. */
export const fontFaceCssFor = (fonts: readonly FontFace[]) => fontFaceCss(fonts, 'fonts/');

export interface WebPage {
  html: string;
  css: string;
  /** Font files the page's CSS refers to under `fonts/`. */
  fonts: FontFace[];
  /** Print pages: the length of a printed line, to lay the page out on screen as on paper. */
  lineMm?: number;
  /** Print parts: ids of empty link targets standing in for elements another part holds (their destinations are not kept). */
  linkTargets?: readonly string[];
}

/** A print page laid out on screen as on paper: the root as long as a printed line (none for other pages). */
export const printedLineCss = (page: WebPage) => (page.lineMm ? `:root { inline-size: ${page.lineMm}mm !important; }` : '');

/** The web edition: one page, its stylesheet, and the font files it uses. */
export function renderWebPage(book: Book, templates: Templates, fonts: FontFace[]): WebPage {
  const html = ejs.render(template(templates, 'web.html.ejs'), pageLocals(book));
  const css = [fontFaceCssFor(fonts), stylesheet(templates, book, 'web')].join('\n');
  return { html, css, fonts };
}

/**
 * Where the printed book's pages fall, as the printed parts showed them
 * (pdf.ts assembleLayout): which chapters have a blank page before them to
 * open on a recto, and each chapter's page number for the table of contents
 * (none yet: FIRST_PRINT).
 */
export interface PrintLayout {
  blankBefore: ReadonlySet<string>;
  pageOf: ReadonlyMap<string, number>;
}

export const FIRST_PRINT: PrintLayout = { blankBefore: new Set(), pageOf: new Map() };

/** Text as HTML with <wbr> between its phrases, for titles set `word-break: keep-all`. */
const phraseHtml = (text: string, lang: string) => phrases(text, lang).map((p) => toHtml({ type: 'text', value: p })).join('<wbr>');

interface PrintContent {
  /** With the front matter, its contents giving these page numbers. */
  front?: { pageOf: ReadonlyMap<string, number> } | undefined;
  chapters: readonly Chapter[];
  blankBefore: ReadonlySet<string>;
  sides: PageSides;
  bleedMm: number;
  /** A part printed alone: its empty link ends (PartLinks). */
  links?: PartLinks | undefined;
}

/**
 * Chromium writes a link only if its target is in the page, and a named
 * destination only for an element some link in the page points at. A part
 * printed alone gets an empty element for each target another part holds
 * (the join drops their destinations for the real ones), and an empty,
 * zero-size link to each of its own elements another part points at (it
 * makes the destination, and neither an annotation nor a tag).
 */
interface PartLinks {
  stand: string[];
  anchor: string[];
}

/**
 * For each book (by its chapters), read once, not once per part: which chapter
 * holds each id (a chapter's own section id included), the ids each chapter's
 * links point at, and every id pointed at (the contents point at every chapter).
 */
const bookLinks = new WeakMap<readonly Chapter[], { home: Map<string, string>; targets: Map<string, string[]>; targeted: Set<string> }>();

function partLinks(book: Book, content: { front: boolean; chapters: readonly Chapter[] }): PartLinks {
  let known = bookLinks.get(book.chapters);
  if (!known) {
    const home = new Map(book.chapters.flatMap((c): [string, string][] => [[c.id, c.id], ...idsByChapter({ chapters: [c] })]));
    const targets = new Map(
      book.chapters.map((c) => {
        const found: string[] = [];
        forEachElement(c.tree, (node) => {
          const target = linkTarget(node);
          if (target !== undefined) found.push(target);
        });
        return [c.id, found];
      }),
    );
    known = { home, targets, targeted: new Set([...book.chapters.map((c) => c.id), ...[...targets.values()].flat()]) };
    bookLinks.set(book.chapters, known);
  }
  const { home, targets, targeted } = known;
  const inPart = new Set(content.chapters.map((c) => c.id));
  const here = (id: string) => inPart.has(home.get(id) ?? '');
  const wanted = [...(content.front ? book.chapters.map((c) => c.id) : []), ...content.chapters.flatMap((c) => targets.get(c.id) ?? [])];
  // A link to an id the book lacks stays dangling (the build warned of it), as in one page.
  return {
    stand: [...new Set(wanted.filter((id) => home.has(id) && !here(id)))],
    anchor: [...home.keys()].filter((id) => here(id) && targeted.has(id)),
  };
}

function printPage(book: Book, templates: Templates, fonts: FontFace[], content: PrintContent): WebPage {
  const labels = labelsFor(book.config.language);
  const locals = pageLocals({ ...book, chapters: [...content.chapters] }, { print: true });
  const html = ejs.render(template(templates, 'print.html.ejs'), {
    ...locals,
    front: content.front !== undefined,
    contents: book.chapters.map((c) => ({ id: c.id, title: c.title })),
    links: content.links ?? { stand: [], anchor: [] },
    titleHtml: phraseHtml(book.config.title, book.config.language),
    subtitle: book.config.subtitle ?? '',
    publisher: book.config.publisher ?? '',
    imprint: imprintRows(book, labels),
    blankBefore: content.blankBefore,
    // A page number not known yet takes the room of one, so the contents do not reflow.
    pageOf: (id: string) => String(content.front?.pageOf.get(id) ?? '\u2007\u2007'),
  });
  const css = [fontFaceCssFor(fonts), stylesheet(templates, book, 'print'), pageCss(book.config.layout, content.bleedMm, content.sides)].join('\n');
  return { html, css, fonts, lineMm: pageGeometry(book.config.layout).lineMm, linkTargets: content.links?.stand ?? [] };
}

/**
 * The whole book as one print page, its margins mirrored: front matter,
 * contents with page numbers, then every chapter, with blank pages where
 * `layout` puts them. The dev server's preview, and the bench's bare print.
 */
export function renderPrintPage(book: Book, templates: Templates, fonts: FontFace[], layout: PrintLayout = FIRST_PRINT, bleedMm = 0): WebPage {
  return printPage(book, templates, fonts, { front: { pageOf: layout.pageOf }, chapters: book.chapters, blankBefore: layout.blankBefore, sides: 'mirrored', bleedMm });
}

/**
 * A part of the book as printed: a run of chapters, the front matter (its
 * contents numbered by `front.pageOf`; placeholders where that has none) or
 * both, every page laid out as a recto. The parts are joined, blank pages
 * added and versos moved after printing (pdf.ts).
 */
export interface PrintPart {
  front?: { pageOf: ReadonlyMap<string, number> } | undefined;
  chapters: readonly Chapter[];
}

export function renderPrintPart(book: Book, templates: Templates, fonts: FontFace[], part: PrintPart, bleedMm = 0): WebPage {
  const links = partLinks(book, { front: part.front !== undefined, chapters: part.chapters });
  return printPage(book, templates, fonts, { ...part, links, blankBefore: new Set(), sides: 'recto', bleedMm });
}
