// Images in the manuscript (`![alt](figures/map.png)`): found in the chapter
// trees, read by load.ts, then given deterministic names inside the book
// (`images/<sha256>.png`) in every output. Only files inside the manuscript
// folder are taken; a remote or outside image is left out with a warning, so
// that no output ever fetches or leaks anything (spec C27, issue 7).

import { createHash } from 'node:crypto';
import type { Element, Root } from 'hast';
import { imageSize } from 'image-size';
import { SKIP, visit } from 'unist-util-visit';
import type { Book } from './book.ts';
import type { WritingMode } from './config.ts';
import type { Diagnostic } from './diagnostics.ts';
import { sanitizeSvg, type SanitizedSvg } from './svg.ts';
import { forEachElement, someElement } from './tree.ts';

export interface ImageRef {
  /** The `src` as written in the manuscript. */
  src: string;
  /** The chapter it appears in (display path), and where. */
  file: string;
  line: number;
  column: number;
}

export interface BookImage {
  /** Path inside every output, e.g. `images/3f1c….png`. */
  href: string;
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/svg+xml';
  /** The file; for an SVG, its sanitised markup (svg.ts), which the web and print pages inline. */
  bytes: Uint8Array;
  /** Pixels; for an SVG, CSS pixels (its width and height, else its viewBox). */
  width: number;
  height: number;
  /** An SVG's text, drawn in the book's fonts. */
  text?: string;
  /** The copy the EPUB and the web edition carry when the picture is too large, turned or CMYK (pictures.ts); the PDF prints `bytes`. */
  screen?: Uint8Array;
}

/** Image files by the `src` (and chapter) that names them. */
export type ImageTable = Map<string, BookImage>;

export const imageKey = (file: string, src: string) => `${file}\u0000${src}`;

/** Every `<img>` in the book, with its place in the manuscript. Pure. */
export function imageRefs(book: Book): ImageRef[] {
  const refs: ImageRef[] = [];
  for (const chapter of book.chapters) {
    forEachElement(chapter.tree, (node) => {
      if (node.tagName !== 'img' || typeof node.properties.src !== 'string') return;
      const start = node.position?.start;
      refs.push({ src: node.properties.src, file: chapter.file, line: start?.line ?? 1, column: start?.column ?? 1 });
    });
  }
  return refs;
}

/** EPUB 3.2 core image types EPUBCheck 4 accepts (an SVG only once sanitised: svg.ts). */
const TYPES = { png: ['image/png', 'png'], jpg: ['image/jpeg', 'jpg'], gif: ['image/gif', 'gif'], svg: ['image/svg+xml', 'svg'] } as const;

/** Largest image a store accepts without complaint (Standard Ebooks f-016, f-018). */
export const IMAGE_LIMITS = { bytes: 1.5 * 1024 * 1024, pixels: 4_000_000 };

/** A screen copy's pixels: the picture scaled, never enlarged, to at most `pixels` in all. */
export function screenSize(width: number, height: number, pixels = IMAGE_LIMITS.pixels): { width: number; height: number } {
  const scale = Math.min(1, Math.sqrt(pixels / (width * height)));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

/** Bytes read from disk → a BookImage, or the diagnostic that says why not. Pure. */
export function describeImage(ref: ImageRef, bytes: Uint8Array): { image?: BookImage; diagnostics: Diagnostic[] } {
  const at = { file: ref.file, line: ref.line, column: ref.column };
  let size: ReturnType<typeof imageSize> | undefined;
  try {
    size = imageSize(bytes);
  } catch {
    size = undefined;
  }
  const type = size?.type ? TYPES[size.type as keyof typeof TYPES] : undefined;
  if (type?.[1] === 'svg' || (!type && looksLikeSvg(bytes))) return describeSvg(ref, bytes, size);
  if (!size || !type || !size.width || !size.height) {
    return { diagnostics: [{ ...at, severity: 'error', message: `Unexpected image format for "${ref.src}", expected PNG, JPEG, GIF, WebP or SVG`, ruleId: 'images:format' }] };
  }
  const diagnostics: Diagnostic[] = [];
  // EXIF orientations 5–8 turn the picture a quarter: it is drawn (and printed) with width and height swapped.
  const [width, height] = (size.orientation ?? 1) >= 5 ? [size.height, size.width] : [size.width, size.height];
  const scaled = `the EPUB and the web edition carry a copy of ${Object.values(screenSize(width, height)).join(' × ')} pixels and at most 1.5 MB (e-book stores reject larger ones); the PDF prints every pixel`;
  if (size.width * size.height > IMAGE_LIMITS.pixels) {
    diagnostics.push({ ...at, severity: 'warning', message: `Unexpected image of ${width} × ${height} pixels for "${ref.src}", expected at most 4 million pixels: ${scaled}`, ruleId: 'images:too-many-pixels' });
  } else if (bytes.length > IMAGE_LIMITS.bytes) {
    diagnostics.push({ ...at, severity: 'warning', message: `Unexpected image size ${(bytes.length / 1024 / 1024).toFixed(1)} MB for "${ref.src}", expected at most 1.5 MB: ${scaled}`, ruleId: 'images:too-large' });
  }
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return { image: { href: `images/${hash}.${type[1]}`, mediaType: type[0], bytes, width, height }, diagnostics };
}

const looksLikeSvg = (bytes: Uint8Array) => /<svg[\s>]/.test(new TextDecoder().decode(bytes.subarray(0, 4096)));

/** The size an SVG is drawn at when it says none (a browser's default for a replaced element). */
const SVG_DEFAULT = { width: 300, height: 150 };

/**
 * An SVG, sanitised (svg.ts): a warning for each thing removed, at the
 * picture's place; one that is not SVG at all is left out with a warning
 * (its description stays), never a failed book.
 */
function describeSvg(ref: ImageRef, bytes: Uint8Array, size: { width?: number | undefined; height?: number | undefined } | undefined): { image?: BookImage; diagnostics: Diagnostic[] } {
  const at = { file: ref.file, line: ref.line, column: ref.column };
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  let sanitized: SanitizedSvg;
  try {
    sanitized = sanitizeSvg(new TextDecoder().decode(bytes), `svg-${hash}`);
  } catch (error) {
    return { diagnostics: [{ ...at, severity: 'warning', message: `Unexpected SVG "${ref.src}" that cannot be read (${(error as Error).message.split('\n')[0]}), expected an SVG file; it is left out`, ruleId: 'images:svg-unreadable' }] };
  }
  const diagnostics = sanitized.removed.map((r): Diagnostic => ({ ...at, severity: 'warning', message: `Unexpected ${r.what} in the SVG "${ref.src}" (its line ${r.line}, column ${r.column}), removed: a picture in a book only draws, it runs and fetches nothing`, ruleId: 'images:svg-removed' }));
  const viewBox = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(sanitized.svg);
  const width = size?.width || (viewBox ? Number(viewBox[1]) : SVG_DEFAULT.width);
  const height = size?.height || (viewBox ? Number(viewBox[2]) : SVG_DEFAULT.height);
  const svgBytes = new TextEncoder().encode(sanitized.svg);
  return { image: { href: `images/${hash}.svg`, mediaType: 'image/svg+xml', bytes: svgBytes, width: Math.round(width), height: Math.round(height), text: sanitized.text }, diagnostics };
}

/** The book with every `<img>` pointing at its file inside the book, and images left out that have none. Pure. */
export function placeImages(book: Book, images: ImageTable): Book {
  return {
    ...book,
    chapters: book.chapters.map((chapter) => {
      // Most chapters show no picture: nothing to copy.
      if (!someElement(chapter.tree, (node) => node.tagName === 'img')) return chapter;
      const tree = structuredClone(chapter.tree) as Root;
      visit(tree, 'element', (node: Element, index, parent) => {
        if (node.tagName !== 'img') return undefined;
        // No src: the sanitiser took a file: or javascript: one; a reader would see a broken picture.
        const image = typeof node.properties.src === 'string' ? images.get(imageKey(chapter.file, node.properties.src)) : undefined;
        if (image) {
          node.properties.src = image.href;
          node.properties.width = image.width;
          node.properties.height = image.height;
          return undefined;
        }
        // Left out (remote, outside the folder, no src): its description stays for the reader.
        const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
        if (parent && index !== undefined) parent.children.splice(index, 1, ...(alt ? [{ type: 'text' as const, value: alt }] : []));
        return [SKIP, index];
      });
      return { ...chapter, tree };
    }),
  };
}

/** Distinct images of the book, in first-use order. */
export function distinctImages(images: ImageTable): BookImage[] {
  return [...new Map([...images.values()].map((i) => [i.href, i])).values()];
}

/** Print resolution: a picture printed with fewer pixels per inch looks soft (spec C52). */
export const PRINT_PPI = 300;

/**
 * An image's size on the printed page: its pixels at 300 ppi, shrunk (never
 * enlarged) to fit the type area — across the lines, at most 70 % of it, so a
 * figure leaves room for its caption and some text. Its resolution is then
 * 300 ppi or more. Pure.
 */
export function printedImageSize(
  pixels: { width: number; height: number },
  area: { widthMm: number; heightMm: number },
  writingMode: WritingMode,
  ppi = PRINT_PPI,
): { widthMm: number; heightMm: number } {
  const natural = { widthMm: (pixels.width / ppi) * 25.4, heightMm: (pixels.height / ppi) * 25.4 };
  const room = writingMode === 'vertical' ? { widthMm: area.widthMm * 0.7, heightMm: area.heightMm } : { widthMm: area.widthMm, heightMm: area.heightMm * 0.7 };
  const scale = Math.min(1, room.widthMm / natural.widthMm, room.heightMm / natural.heightMm);
  return { widthMm: natural.widthMm * scale, heightMm: natural.heightMm * scale };
}
