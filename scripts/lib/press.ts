// The printer's variant of the PDF (`--pdf print`, book.yaml `pdf.print`):
// what a press asks of a file that a screen does not (spec C.5, C43, C49, C52).
// Chromium knows no `bleed` or `marks`: the sheet was printed that much larger
// than the trim, and these functions say where the trim is, pad the page count
// to whole signatures and draw crop marks outside the bleed.

import { createHash } from 'node:crypto';
import { beginMarkedContent, endMarkedContent, grayscale, PDFArray, PDFHexString, PDFName, type PDFDocument } from 'pdf-lib';

export interface PrintVariant {
  bleedMm: number;
  /** Page count padded with blank pages to a multiple of this (a printer's signature). */
  padTo: number;
  /** `gray`: black ink only, converted by Ghostscript (its path in `ghostscript`). */
  interior: 'gray' | 'color';
  cropMarks: boolean;
  ghostscript?: string | undefined;
}

const MM = 72 / 25.4;
/** Crop marks: 5 mm long, at least 3 mm clear of the trim and never inside the bleed, hairline. */
export const CROP_MARK = { lengthMm: 5, minOffsetMm: 3, clearanceMm: 2, widthPt: 0.25 };

/** How far the marks stand off the trim, and how far the sheet reaches beyond it (mm). */
export function cropMarkReach(bleedMm: number): { offsetMm: number; slugMm: number } {
  const offsetMm = Math.max(bleedMm, CROP_MARK.minOffsetMm);
  return { offsetMm, slugMm: offsetMm + CROP_MARK.lengthMm + CROP_MARK.clearanceMm };
}

/** Blank pages at the end up to a whole signature (C49). */
export function padToSignature(pdf: PDFDocument, padTo: number): void {
  const { width, height } = pdf.getPage(0).getSize();
  while (pdf.getPageCount() % padTo !== 0) pdf.addPage([width, height]);
}

/**
 * TrimBox, BleedBox and MediaBox on every page of a sheet `width` × `height`
 * points (the trim plus the bleed on every side). Without marks the MediaBox
 * is the BleedBox (C43); with them it grows outward, so nothing on the page moves.
 */
export function setPressBoxes(pdf: PDFDocument, sheet: { width: number; height: number }, print: PrintVariant): void {
  const bleed = print.bleedMm * MM;
  const { width, height } = sheet;
  const extra = print.cropMarks ? cropMarkReach(print.bleedMm).slugMm * MM - bleed : 0;
  for (const page of pdf.getPages()) {
    // The sheet where the page's box is: a verso's is moved to show its margins (pdf.ts moveVersos).
    const { x, y } = page.getMediaBox();
    page.setMediaBox(x - extra, y - extra, width + 2 * extra, height + 2 * extra);
    page.setCropBox(x - extra, y - extra, width + 2 * extra, height + 2 * extra);
    page.setBleedBox(x, y, width, height);
    page.setTrimBox(x + bleed, y + bleed, width - 2 * bleed, height - 2 * bleed);
    // PDF/X: a TrimBox or an ArtBox, not both (Ghostscript adds an ArtBox).
    page.node.delete(PDFName.of('ArtBox'));
    if (print.cropMarks) drawCropMarks(page, { x: x + bleed, y: y + bleed, width: width - 2 * bleed, height: height - 2 * bleed }, print.bleedMm);
  }
}

type Page = ReturnType<PDFDocument['getPage']>;

/** Two lines at each corner of the trim, continuing its edges outward, in black ink only. */
function drawCropMarks(page: Page, trim: { x: number; y: number; width: number; height: number }, bleedMm: number): void {
  const { offsetMm } = cropMarkReach(bleedMm);
  const near = offsetMm * MM;
  const far = (offsetMm + CROP_MARK.lengthMm) * MM;
  const style = { thickness: CROP_MARK.widthPt, color: grayscale(0) };
  page.pushOperators(beginMarkedContent('Artifact'));
  for (const x of [trim.x, trim.x + trim.width]) {
    for (const y of [trim.y, trim.y + trim.height]) {
      const out = { x: x === trim.x ? -1 : 1, y: y === trim.y ? -1 : 1 };
      page.drawLine({ start: { x: x + out.x * near, y }, end: { x: x + out.x * far, y }, ...style });
      page.drawLine({ start: { x, y: y + out.y * near }, end: { x, y: y + out.y * far }, ...style });
    }
  }
  page.pushOperators(endMarkedContent());
}

/**
 * After Ghostscript: drop its XMP packet (it names Ghostscript as producer and
 * would contradict the Info dictionary) and give the file an ID that depends on
 * the book only, not the clock (PDF/X wants an ID; reproducible builds want it fixed).
 */
export function settleAfterGhostscript(pdf: PDFDocument, seed: string): void {
  pdf.catalog.delete(PDFName.of('Metadata'));
  const id = PDFHexString.of(createHash('sha256').update(seed).digest('hex').slice(0, 32));
  pdf.context.trailerInfo.ID = pdf.context.obj([id, id]) as PDFArray;
}
