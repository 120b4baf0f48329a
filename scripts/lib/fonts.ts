// Fonts from npm, so every machine renders the same glyphs. @fontsource splits
// Noto Serif TC into ~120 unicode-range files per weight; a book needs only the
// files that hold its characters. Chromium embeds these TrueType-outline
// WOFF2 files as CID TrueType (system Noto CJK is CFF → Type 3, which printers
// reject), and real 700-weight files keep bold from being synthesised (Type 3).

import { createRequire } from 'node:module';
import * as hb from 'harfbuzzjs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { contentKey, type ContentCache } from './cache.ts';

export interface FontFace {
  family: string;
  weight: number;
  /** File name inside the package's files/ folder. */
  file: string;
  /** Absolute path of the WOFF2 file. */
  path: string;
  /** Inclusive code point ranges. */
  ranges: [number, number][];
  /** A whole font file (a system package's TrueType, tens of MB): cut to the book's characters before it is served. */
  whole?: boolean;
  /** The file as served, when the build made it (a cut of a whole file, the placeholder face); else `path` is read. */
  bytes?: Uint8Array;
}

export const BODY_FAMILY = 'Noto Serif TC';
/** Regular text and real bold (headings, <strong>). */
export const BODY_WEIGHTS = [400, 700] as const;

const FONT_PACKAGE = '@fontsource/noto-serif-tc';

/** Where an installed font package lives (the body face's by default). */
export function fontPackageDir(name = FONT_PACKAGE): string {
  return path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
}

/** Parse @fontsource's CSS (one @font-face per chunk) into faces. Pure. */
export function parseFontFaces(css: string, packageDir: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
    const family = /font-family:\s*'([^']+)'/.exec(block)?.[1];
    const weight = Number(/font-weight:\s*(\d+)/.exec(block)?.[1]);
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!family || !file || !range || !weight) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [from, to] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
    });
    faces.push({ family, weight, file, path: path.join(packageDir, 'files', file), ranges });
  }
  return faces;
}

export function covers(face: Pick<FontFace, 'ranges'>, codePoint: number): boolean {
  return face.ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** The first index of `sorted` (ascending) whose value is at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The code points of `sorted` (ascending, distinct) inside `face`'s ranges, ascending. */
export function coveredBy(face: Pick<FontFace, 'ranges'>, sorted: readonly number[]): number[] {
  return face.ranges.flatMap(([from, to]) => sorted.slice(lowerBound(sorted, from), lowerBound(sorted, to + 1)));
}

/**
 * The faces whose ranges hold at least one of `sorted` (ascending code
 * points), in their order. By binary search: a book has thousands of distinct
 * characters and the package hundreds of faces of ~100 ranges each (checking
 * every pair took 0.14 s for 60 chapters).
 */
export function facesHolding<Face extends Pick<FontFace, 'ranges'>>(faces: readonly Face[], sorted: readonly number[]): Face[] {
  return faces.filter((face) => face.ranges.some(([from, to]) => (sorted[lowerBound(sorted, from)] ?? Infinity) <= to));
}

/** The distinct code points of `text`, ascending. */
export const distinctCodePoints = (text: string): number[] => [...new Set(text)].map((c) => c.codePointAt(0)!).sort((a, b) => a - b);

/** The faces that hold at least one character of `text`, in package order. */
export function facesFor(faces: readonly FontFace[], text: string): FontFace[] {
  return facesHolding(faces, distinctCodePoints(text));
}

/** fontverter: subset-font's own WOFF2 ↔ sfnt converter (CommonJS, no declarations). */
const fontverter = createRequire(import.meta.url)('fontverter') as { convert(font: Buffer, to: 'sfnt'): Promise<Buffer> };

/**
 * fontverter decodes WOFF2 in WebAssembly and hands back a view of its
 * memory, which the next conversion overwrites: conversions run one at a
 * time, each copied out before the next starts (measured: run side by side,
 * all but the last came back garbled).
 */
let conversions: Promise<unknown> = Promise.resolve();

/** A WOFF2 font as the TrueType (sfnt) file it packs. */
function toSfnt(font: Uint8Array): Promise<Uint8Array> {
  const converted = conversions.then(async () => new Uint8Array(await fontverter.convert(Buffer.from(font.buffer, font.byteOffset, font.byteLength), 'sfnt')));
  conversions = converted.catch(() => undefined);
  return converted;
}

/** Code points a WOFF2 (or sfnt) font maps to a glyph, as HarfBuzz reads its cmap. */
export async function fontCodePoints(font: Uint8Array): Promise<Set<number>> {
  return new Set(new hb.Face(new hb.Blob(await toSfnt(font))).collectUnicodes());
}

/**
 * The code points of a font file, read once per process: the files under
 * node_modules do not change while it runs, and a dev server asks on every
 * rebuild (about 0.2 s for the essay's files otherwise). With a cache, once
 * per file at all (kept by its path, size and time): a build would otherwise
 * decode every WOFF2 chunk its text touches, of every font of the chain it
 * reaches, only to read its cmap.
 */
const cmaps = new Map<string, Promise<Set<number>>>();
export function cmapOf(file: string, readFont: (path: string) => Promise<Uint8Array>, cache?: ContentCache): Promise<Set<number>> {
  let cmap = cmaps.get(file);
  if (!cmap) {
    cmap = cache ? cachedCmap(file, readFont, cache) : readFont(file).then(fontCodePoints);
    cmaps.set(file, cmap);
    // A failed read is not remembered.
    cmap.catch(() => cmaps.delete(file));
  }
  return cmap;
}

/** A face's code points: of the bytes the build made for it (fonts.ts `bytes`), else of its file (cmapOf). */
export const faceCmap = (face: FontFace, readFont: (path: string) => Promise<Uint8Array>, cache?: ContentCache): Promise<Set<number>> =>
  face.bytes ? fontCodePoints(face.bytes) : cmapOf(face.path, readFont, cache);

async function cachedCmap(file: string, readFont: (path: string) => Promise<Uint8Array>, cache: ContentCache): Promise<Set<number>> {
  const { size, mtimeMs } = await stat(file);
  const key = contentKey(['cmap 1', file, String(size), String(mtimeMs)]);
  const kept = await cache.get<number[]>(key);
  if (kept) return new Set(kept.facts);
  const codePoints = await fontCodePoints(await readFont(file));
  await cache.set(key, { facts: [...codePoints] });
  return codePoints;
}

/** A character as messages name it: `"↩" U+21A9`. */
export function describeCharacter(char: string): string {
  return `"${char}" U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `U+4e00-9fff,U+3001` for a unicode-range descriptor. */
export function unicodeRange(ranges: readonly [number, number][]): string {
  return ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',');
}

/**
 * @font-face rules for WOFF2 files under `baseUrl`, one per file with its
 * unicode-range. `fontDisplay: 'block'` (the default) keeps Chromium from
 * printing a fallback face while a file loads; an EPUB states none.
 */
export function fontFaceCss(faces: readonly Pick<FontFace, 'family' | 'weight' | 'file' | 'ranges'>[], baseUrl: string, options: { fontDisplay?: 'block' | false } = {}): string {
  const display = options.fontDisplay === false ? '' : `font-display:${options.fontDisplay ?? 'block'};`;
  return faces
    .map((f) => `@font-face{font-family:'${f.family.replace(/[\\']/g, '\\$&')}';font-style:normal;${display}font-weight:${f.weight};src:url(${baseUrl}${f.file}) format('woff2');unicode-range:${unicodeRange(f.ranges)}}`)
    .join('\n');
}
