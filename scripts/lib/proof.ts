// Proofs: what a proofreader gets back from the printer, made from the PDF.
// A contact sheet of every page as spreads in reading order, and a report
// that puts each warning of the build next to the page it concerns. The
// functions are pure but the last, makeProofs, which has poppler.ts draw the
// pages and read their text, and validate.ts check the EPUB.

import type { Element, Root, RootContent } from 'hast';
import ejs from 'ejs';
import { PNG } from 'pngjs';
import { visit } from 'unist-util-visit';
import type { Book } from './book.ts';
import type { WritingMode } from './config.ts';
import { formatDiagnostic, type Diagnostic } from './diagnostics.ts';
import type { PrintLayout } from './html.ts';
import { template } from './html.ts';
import type { Templates } from './load.ts';
import { fontKinds } from './pdf.ts';
import { drawPages, pageTexts, withPdfFile, type Bitmap, type Poppler } from './poppler.ts';
import { checkEpub } from './validate.ts';
import type { FolderContent } from './write.ts';

/** Proof pages are drawn at this resolution; thumbnails are a quarter of it. */
export const PROOF_DPI = 100;
export const THUMBNAIL_SHRINK = 4;
const SPREADS_PER_ROW = 4;
const MARGIN = 24;
const GAP = 24;
const BACKGROUND = [0xd4, 0xd4, 0xd4] as const;

export interface Slot {
  /** From 1. */
  page: number;
  x: number;
  y: number;
}

export interface SheetLayout {
  width: number;
  height: number;
  /** The pages as drawn, and as thumbnails. */
  page: { width: number; height: number };
  thumbnail: { width: number; height: number };
  slots: Slot[];
}

/**
 * Where each page sits on the contact sheet: as the book opens, in spreads.
 * Page 1 is a recto alone in the first spread; a horizontal book's rectos are
 * on the right and its spreads run left to right, a vertical book (bound on
 * the right) has them on the left and its spreads run right to left.
 */
export function sheetLayout(pageCount: number, page: { width: number; height: number }, writingMode: WritingMode): SheetLayout {
  const thumbnail = { width: Math.ceil(page.width / THUMBNAIL_SHRINK), height: Math.ceil(page.height / THUMBNAIL_SHRINK) };
  const spreads = Math.floor(pageCount / 2) + 1;
  const columns = Math.min(SPREADS_PER_ROW, spreads);
  const rows = Math.ceil(spreads / columns);
  const spreadWidth = 2 * thumbnail.width;
  const width = 2 * MARGIN + columns * spreadWidth + (columns - 1) * GAP;
  const height = 2 * MARGIN + rows * thumbnail.height + (rows - 1) * GAP;
  const rightToLeft = writingMode === 'vertical';
  const slots = Array.from({ length: pageCount }, (_, i): Slot => {
    const number = i + 1;
    const spread = Math.floor(number / 2);
    const row = Math.floor(spread / columns);
    const column = rightToLeft ? columns - 1 - (spread % columns) : spread % columns;
    // Even pages are versos: left in a left-to-right book, right in a right-to-left one.
    const onLeft = (number % 2 === 0) !== rightToLeft;
    return { page: number, x: MARGIN + column * (spreadWidth + GAP) + (onLeft ? 0 : thumbnail.width), y: MARGIN + row * (thumbnail.height + GAP) };
  });
  return { width, height, page: { width: page.width, height: page.height }, thumbnail, slots };
}

/** The average of each `factor` × `factor` block of `page`, drawn into `into` at `at`. */
function shrink(page: Bitmap, factor: number, into: Bitmap, at: { x: number; y: number }): void {
  const width = Math.ceil(page.width / factor);
  const height = Math.ceil(page.height / factor);
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let count = 0;
      for (let y = ty * factor; y < Math.min(page.height, (ty + 1) * factor); y++) {
        for (let x = tx * factor; x < Math.min(page.width, (tx + 1) * factor); x++) {
          const i = (y * page.width + x) * 3;
          r += page.rgb[i]!;
          g += page.rgb[i + 1]!;
          b += page.rgb[i + 2]!;
          count++;
        }
      }
      const o = ((at.y + ty) * into.width + at.x + tx) * 3;
      into.rgb[o] = Math.round(r / count);
      into.rgb[o + 1] = Math.round(g / count);
      into.rgb[o + 2] = Math.round(b / count);
    }
  }
}

/** A bitmap as a PNG file. Unfiltered: pages are mostly flat white, and choosing a filter per row took four times as long for a larger file. */
export function toPng({ width, height, rgb }: Bitmap): Uint8Array {
  return new Uint8Array(PNG.sync.write({ width, height, data: Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength) } as PNG, { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 0 }));
}

/**
 * The contact sheet, filled in as pages are drawn (in any order): every page
 * as a thumbnail, in spreads, in reading order (see sheetLayout). Only the
 * sheet is kept, not the pages.
 */
export class ContactSheet {
  readonly layout: SheetLayout;
  readonly #sheet: Bitmap;
  readonly #page: { width: number; height: number };

  constructor(pageCount: number, page: { width: number; height: number }, writingMode: WritingMode) {
    if (pageCount === 0) throw new Error('A contact sheet needs at least one page');
    this.layout = sheetLayout(pageCount, page, writingMode);
    this.#page = page;
    const { width, height } = this.layout;
    const rgb = new Uint8Array(width * height * 3);
    // One pixel of background, then copies of what is filled so far, doubling (a long book's sheet has millions of pixels).
    rgb.set(BACKGROUND);
    for (let filled = 3; filled < rgb.length; filled *= 2) rgb.copyWithin(filled, 0, Math.min(filled, rgb.length - filled));
    this.#sheet = { width, height, rgb };
  }

  /** Page `number` (from 1), shrunk into its slot. */
  draw(page: Bitmap, number: number): void {
    if (page.width !== this.#page.width || page.height !== this.#page.height) {
      throw new Error(`Unexpected page ${number} of ${page.width} × ${page.height} pixels, expected ${this.#page.width} × ${this.#page.height} like the others`);
    }
    shrink(page, THUMBNAIL_SHRINK, this.#sheet, this.layout.slots[number - 1]!);
  }

  png(): Uint8Array {
    return toPng(this.#sheet);
  }
}

/** A block of the manuscript (paragraph, heading, list item, cell…) and its text as printed. */
export interface TextBlock {
  file: string;
  chapterId: string;
  start: { line: number; column: number };
  end: { line: number; column: number };
  text: string;
}

const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'td', 'th', 'figcaption', 'pre', 'blockquote']);

/** What pdftotext and the tree agree on: characters, not spaces, joiners or line ends. */
const comparable = (text: string) => text.replace(/[\s\p{Cf}]/gu, '');

/** A node's text without its ruby readings (<rt>, <rp>): read in place, nothing copied. */
function textWithoutRuby(node: Root | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element' && node.type !== 'root') return '';
  return node.children.map((child) => (child.type === 'element' && (child.tagName === 'rt' || child.tagName === 'rp') ? '' : textWithoutRuby(child))).join('');
}

/** Every block of every chapter with a place in the manuscript, in reading order. Ruby readings are left out (pdftotext puts them elsewhere). */
export function textBlocks(book: Book): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const chapter of book.chapters) {
    visit(chapter.tree as Root, 'element', (node: Element) => {
      if (!BLOCKS.has(node.tagName) || !node.position) return;
      blocks.push({ file: chapter.file, chapterId: chapter.id, start: node.position.start, end: node.position.end, text: comparable(textWithoutRuby(node)) });
    });
  }
  return blocks;
}

/** The longest probe tried, in characters: long enough to be unique, short enough not to cross a page. */
const PROBE = 16;

/**
 * The PDF page (from 1) each block begins on, found by reading the pages'
 * text forward: each chapter from its first page (so the contents page's
 * titles are not taken for the headings), each block from where the last one
 * found began. A block whose text is not found has no page.
 */
export function pagesOfBlocks(blocks: readonly TextBlock[], pages: readonly string[], layout: PrintLayout): (number | undefined)[] {
  const texts = pages.map(comparable);
  const pageStart: number[] = [];
  let offset = 0;
  for (const text of texts) {
    pageStart.push(offset);
    offset += text.length;
  }
  const joined = texts.join('');
  const pageAt = (index: number) => {
    let page = 0;
    while (page + 1 < pageStart.length && pageStart[page + 1]! <= index) page++;
    return page + 1;
  };
  let cursor = 0;
  return blocks.map((block) => {
    const opening = layout.pageOf.get(block.chapterId);
    if (opening !== undefined) cursor = Math.max(cursor, pageStart[opening - 1] ?? 0);
    if (!block.text) return undefined;
    // Shorter probes for text that a page break, a note's back-link or a hidden mark interrupts.
    for (const length of new Set([PROBE, 8, 4].map((l) => Math.min(l, block.text.length)))) {
      const found = joined.indexOf(block.text.slice(0, length), cursor);
      if (found === -1) continue;
      // From where this block begins: a block inside it (a note's paragraph in its list item) begins there too.
      cursor = found;
      return pageAt(found);
    }
    return undefined;
  });
}

const before = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line < b.line || (a.line === b.line && a.column <= b.column);

/**
 * The page a diagnostic concerns: that of the innermost block holding its
 * place, else of the block before it in the same file; none for the book's
 * metadata or the EPUB's files.
 */
export function pageOfDiagnostic(diagnostic: Diagnostic, blocks: readonly TextBlock[], pages: readonly (number | undefined)[]): number | undefined {
  let holder: number | undefined;
  let preceding: number | undefined;
  blocks.forEach((block, i) => {
    if (block.file !== diagnostic.file || pages[i] === undefined) return;
    if (before(block.start, diagnostic)) preceding = i;
    if (before(block.start, diagnostic) && before(diagnostic, block.end)) holder = i;
  });
  const index = holder ?? preceding;
  return index === undefined ? undefined : pages[index];
}

export interface Check {
  name: string;
  /** undefined: not checked in this build. */
  ok: boolean | undefined;
  detail: string;
}

export interface ProofReport {
  book: Book;
  pageCount: number;
  /** Each page's image, relative to the report. */
  pageImage: (page: number) => string;
  page: { width: number; height: number };
  contact: { href: string; width: number; height: number };
  diagnostics: readonly Diagnostic[];
  pageOf: (diagnostic: Diagnostic) => number | undefined;
  checks: readonly Check[];
}

/** report.html: the checks, every warning linked to its page, the contact sheet, then each page with its warnings. */
export function proofReportHtml(templates: Templates, report: ProofReport): string {
  const placed = report.diagnostics.map((d) => ({ text: formatDiagnostic(d), severity: d.severity, page: report.pageOf(d) }));
  const pages = Array.from({ length: report.pageCount }, (_, i) => ({
    number: i + 1,
    src: report.pageImage(i + 1),
    notes: placed.filter((p) => p.page === i + 1),
  }));
  return ejs.render(template(templates, 'proof/report.html.ejs'), {
    title: report.book.config.title,
    lang: report.book.config.language,
    date: report.book.modified.toISOString().slice(0, 10),
    pageCount: report.pageCount,
    page: report.page,
    contact: report.contact,
    checks: report.checks,
    placed,
    pages,
  });
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The checks the report opens with, from what the build found. Pure. */
export function proofChecks({ diagnostics, validation, epubChecked, fonts, missingGlyphs }: {
  diagnostics: readonly Diagnostic[];
  validation: readonly Diagnostic[];
  epubChecked: boolean;
  fonts: ReadonlyMap<string, number>;
  missingGlyphs: readonly string[];
}): Check[] {
  const family = (prefixes: string[]) => diagnostics.filter((d) => prefixes.some((p) => d.ruleId.startsWith(p))).length;
  const typography = family(['typography:']);
  const links = family(['links:', 'markdown:']);
  const type3 = fonts.get('Type3') ?? 0;
  return [
    {
      name: 'EPUB (EPUBCheck, epubcheck-ts)',
      ok: epubChecked ? validation.length === 0 : undefined,
      detail: !epubChecked ? 'not checked: the EPUB was not made in this build' : validation.length ? `${count(validation.length, 'message')}, listed below` : 'no errors, no warnings',
    },
    {
      name: 'PDF fonts',
      ok: type3 === 0,
      detail: `${[...fonts].map(([kind, n]) => `${kind} × ${n}`).join(', ') || 'none'}; ${type3 ? `${count(type3, 'Type 3 font')}, which printers refuse` : 'no Type 3 fonts'}`,
    },
    {
      name: 'Font coverage',
      ok: missingGlyphs.length === 0,
      detail: missingGlyphs.length ? `${count(missingGlyphs.length, 'character')} without a glyph in the body font: ${missingGlyphs.join(' ')}` : 'every character has a glyph in the body font',
    },
    { name: 'Typography', ok: typography === 0, detail: typography ? `${count(typography, 'warning')}, listed below` : 'nothing the typesetter could not fix' },
    { name: 'Links and headings', ok: links === 0, detail: links ? `${count(links, 'warning')}, listed below` : 'every link has its target; headings differ' },
  ];
}

/** `page-007.png`: padded so that the files sort in page order. */
export const pageImageName = (page: number, pageCount: number) => `page-${String(page).padStart(Math.max(3, String(pageCount).length), '0')}.png`;

/**
 * The proof folder's files: every page drawn, the contact sheet, the report.
 * `validation` is what EPUBCheck said of the EPUB (also in the report).
 */
export async function makeProofs({ book, templates, poppler, pdf, epub, diagnostics, missingGlyphs, progress }: {
  book: Book;
  templates: Templates;
  poppler: Poppler;
  pdf: { bytes: Uint8Array; layout: PrintLayout };
  epub?: { file: string; bytes: Uint8Array } | undefined;
  diagnostics: readonly Diagnostic[];
  missingGlyphs: readonly string[];
  progress?: (done: number, total: number) => void;
}): Promise<{ content: FolderContent; validation: Diagnostic[] }> {
  const { writingMode } = book.config.layout;
  let sheet: ContactSheet | undefined;
  const [[texts, drawn], validation, fonts] = await Promise.all([
    withPdfFile(pdf.bytes, async (file) => {
      const read = await pageTexts(file, { pdftotext: poppler.pdftotext, raw: writingMode === 'vertical' });
      // Each page goes onto the sheet and into a PNG as it comes; its pixels are not kept.
      const pngs = await drawPages(file, read.length, { pdftoppm: poppler.pdftoppm, dpi: PROOF_DPI, ...(progress ? { onProgress: progress } : {}) }, (page, number) => {
        sheet ??= new ContactSheet(read.length, page, writingMode);
        sheet.draw(page, number);
        return toPng(page);
      });
      return [read, pngs] as const;
    }),
    epub ? checkEpub(epub.bytes, epub.file) : Promise.resolve([]),
    fontKinds(pdf.bytes),
  ]);
  if (!sheet) throw new Error('The PDF has no pages to proof');
  const contact = { png: sheet.png(), layout: sheet.layout };
  const blocks = textBlocks(book);
  const pages = pagesOfBlocks(blocks, texts, pdf.layout);
  const all = [...diagnostics, ...validation];
  const content: FolderContent = { 'contact.png': contact.png };
  drawn.forEach((png, i) => (content[`pages/${pageImageName(i + 1, drawn.length)}`] = png));
  content['report.html'] = proofReportHtml(templates, {
    book,
    pageCount: drawn.length,
    pageImage: (page) => `pages/${pageImageName(page, drawn.length)}`,
    page: contact.layout.page,
    contact: { href: 'contact.png', width: contact.layout.width, height: contact.layout.height },
    diagnostics: all,
    pageOf: (d) => pageOfDiagnostic(d, blocks, pages),
    checks: proofChecks({ diagnostics, validation, epubChecked: epub !== undefined, fonts, missingGlyphs }),
  });
  return { content, validation };
}
