// Folios and running heads, stamped on the printed pages with pdf-lib.
//
// Chromium draws margin boxes, but cannot leave them off a chapter's opening
// page: `@page name:first` matches only the document's first page, and
// `:nth()`, `:blank` and string-set are unsupported (spec C.2). The two-pass
// print knows every chapter's first page, so the build stamps them itself:
// book title on versos, chapter title on rectos, folio at the foot, none on
// front matter, blank or opening pages (C46). A right-bound (vertical) book
// turns its pages the other way, so the outer edge of a recto is its left.
// The stamps are marked /Artifact, as page furniture is in a tagged PDF.

import { beginMarkedContent, degrees, drawText, endMarkedContent, rgb, type PDFDocument, type PDFFont, type PDFHexString, type PDFName, type PDFPage } from 'pdf-lib';
import type { EmbeddedFont } from './embed-fonts.ts';
import { boundOnLeft, withBleed, type PageGeometry } from './html.ts';

/** What a page is, for its furniture. */
export type PageRole = { kind: 'front' | 'blank' | 'opening' } | { kind: 'body'; chapterTitle: string };

/**
 * The role of every page (from 1): front matter before the first chapter,
 * then for each chapter the blank page the layout put before it (if any),
 * its opening page and its body. Pure.
 */
export function pageRoles(pageCount: number, chapters: readonly { start: number; title: string; blankBefore: boolean }[]): PageRole[] {
  return Array.from({ length: pageCount }, (_, i): PageRole => {
    const page = i + 1;
    if (chapters.some((c) => c.blankBefore && c.start - 1 === page)) return { kind: 'blank' };
    const current = chapters.filter((c) => c.start <= page).at(-1);
    if (!current) return { kind: 'front' };
    if (page === current.start) return { kind: 'opening' };
    return { kind: 'body', chapterTitle: current.title };
  });
}

const MM = 72 / 25.4;
const SIZE_PT = 8;

interface StampFont {
  font: PDFFont;
  ranges: [number, number][];
}

/**
 * fontkit takes a third of a second to load and is needed only to stamp,
 * after Chromium has printed: toPdf asks for it while Chromium prints
 * (build.ts would otherwise load it before the browser is even started).
 */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
let fontkit: Promise<Fontkit> | undefined;
export const loadFontkit = (): Promise<Fontkit> => (fontkit ??= import('@pdf-lib/fontkit').then((loaded) => loaded.default));

/** Embed the font files (TrueType) that hold the stamps' characters, under fixed subset names (byte-reproducible). */
async function embedStampFonts(pdf: PDFDocument, fonts: readonly EmbeddedFont[]): Promise<StampFont[]> {
  pdf.registerFontkit(await loadFontkit());
  const tag = (i: number) => `PB${String.fromCharCode(65 + Math.floor(i / 26 / 26) % 26, 65 + (Math.floor(i / 26) % 26), 65 + (i % 26))}A`;
  return Promise.all(
    fonts.map(async ({ bytes, weight, ranges }, i) => ({
      // An ArrayBuffer of exactly the font: pdf-lib reads a view's whole underlying buffer.
      font: await pdf.embedFont(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { subset: false, customName: `${tag(i)}+NotoSerifTC-${weight}` }),
      ranges,
    })),
  );
}

/** Runs of `text` by the font that holds each character. */
function runs(text: string, fonts: readonly StampFont[]): { text: string; font: PDFFont }[] {
  const out: { text: string; font: PDFFont }[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const holder = fonts.find((f) => f.ranges.some(([a, b]) => cp >= a && cp <= b)) ?? fonts[0]!;
    const last = out.at(-1);
    if (last && last.font === holder.font) last.text += char;
    else out.push({ text: char, font: holder.font });
  }
  return out;
}

type MeasuredRuns = { font: PDFFont; width: number; glyphs: PDFHexString }[];

/** Runs of `text` with their widths and glyphs, shaped once per text (a running head repeats on every page of its chapter). */
function measured(text: string, fonts: readonly StampFont[], seen: Map<string, MeasuredRuns>): MeasuredRuns {
  let parts = seen.get(text);
  if (!parts) {
    parts = runs(text, fonts).map((p) => ({ font: p.font, width: p.font.widthOfTextAtSize(p.text, SIZE_PT), glyphs: p.font.encodeText(p.text) }));
    seen.set(text, parts);
  }
  return parts;
}

/**
 * Draw runs within [left, right] (points), aligned as asked. The text
 * operators are written here, not through PDFPage.drawText, which checks its
 * options, adds a font resource on every call and encodes the text again:
 * a long book's thousands of stamps spent a second on that. `fontKeys` holds
 * the page's resource name of each font, added once.
 */
function drawLine(page: PDFPage, fontKeys: Map<PDFFont, PDFName>, parts: MeasuredRuns, y: number, align: 'left' | 'center' | 'right', left: number, right: number): void {
  const width = parts.reduce((w, p) => w + p.width, 0);
  let x = align === 'left' ? left : align === 'right' ? right - width : (left + right - width) / 2;
  page.pushOperators(beginMarkedContent('Artifact'));
  for (const part of parts) {
    let key = fontKeys.get(part.font);
    if (!key) fontKeys.set(part.font, (key = page.node.newFontDictionary(part.font.name, part.font.ref)));
    page.pushOperators(...drawText(part.glyphs, { color: BLACK, font: key, size: SIZE_PT, rotate: STRAIGHT, xSkew: STRAIGHT, ySkew: STRAIGHT, x, y }));
    x += part.width;
  }
  page.pushOperators(endMarkedContent());
}

const BLACK = rgb(0, 0, 0);
const STRAIGHT = degrees(0);

export interface StampOptions {
  bookTitle: string;
  roles: readonly PageRole[];
  geometry: PageGeometry;
  /** Right-bound books (vertical writing): rectos are left-hand pages. */
  rightBound: boolean;
  /** TrueType files (embed-fonts.ts subsetFonts with format `truetype`). */
  fonts: readonly EmbeddedFont[];
  /** The sheet's extra margin on every side, outside the trim (print variant). */
  bleedMm?: number;
}

export async function stampFolios(pdf: PDFDocument, options: StampOptions): Promise<void> {
  const fonts = await embedStampFonts(pdf, options.fonts);
  const bleed = options.bleedMm ?? 0;
  const { topMm, bottomMm, innerMm, outerMm } = withBleed(options.geometry, bleed);
  const seen = new Map<string, MeasuredRuns>();
  pdf.getPages().forEach((page, i) => {
    const role = options.roles[i];
    if (!role || role.kind !== 'body') return;
    const folio = i + 1;
    // The type area's edges on this page: the wider margin is on the bound side.
    const boundLeft = boundOnLeft(folio, options.rightBound ? 'vertical' : 'horizontal');
    // The page box need not start at 0, 0: a verso's is moved to show its margins (pdf.ts moveVersos).
    const box = page.getMediaBox();
    const left = box.x + (boundLeft ? innerMm : outerMm) * MM;
    const right = box.x + box.width - (boundLeft ? outerMm : innerMm) * MM;
    // Half-way across the trimmed page's foot and head margins (the margins here include the bleed once).
    const fontKeys = new Map<PDFFont, PDFName>();
    drawLine(page, fontKeys, measured(String(folio), fonts, seen), box.y + ((bottomMm + bleed) * MM) / 2 - SIZE_PT / 2, 'center', left, right);
    // Running heads sit on the open (outer) edge: the book on versos, the chapter on rectos.
    const head = folio % 2 === 1 ? role.chapterTitle : options.bookTitle;
    drawLine(page, fontKeys, measured(head, fonts, seen), box.y + box.height - ((topMm + bleed) * MM) / 2, boundLeft ? 'right' : 'left', left, right);
  });
}
