// Fonts from npm, so every machine renders the same glyphs. @fontsource splits
// Noto Serif TC into ~120 unicode-range files per weight; a book needs only the
// files that hold its characters. Chromium embeds these TrueType-outline
// WOFF2 files as CID TrueType (system Noto CJK is CFF → Type 3, which printers
// reject), and real 700-weight files keep bold from being synthesised (Type 3).

import { createRequire } from 'node:module';
import path from 'node:path';

export interface FontFace {
  family: string;
  weight: number;
  /** File name inside the package's files/ folder. */
  file: string;
  /** Absolute path of the WOFF2 file. */
  path: string;
  /** Inclusive code point ranges. */
  ranges: [number, number][];
}

export const BODY_FAMILY = 'Noto Serif TC';
/** Regular text and real bold (headings, <strong>). */
export const BODY_WEIGHTS = [400, 700] as const;

const FONT_PACKAGE = '@fontsource/noto-serif-tc';

export function fontPackageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/package.json`));
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

function covers(face: FontFace, codePoint: number): boolean {
  return face.ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** The faces that hold at least one character of `text`, in package order. */
export function facesFor(faces: readonly FontFace[], text: string): FontFace[] {
  const codePoints = new Set([...text].map((c) => c.codePointAt(0)!));
  return faces.filter((face) => [...codePoints].some((cp) => covers(face, cp)));
}

/** Characters of `text` (other than whitespace) that no face covers. */
export function uncovered(faces: readonly FontFace[], text: string): string[] {
  const missing = new Set<string>();
  for (const c of text) if (!/\s/u.test(c) && !faces.some((f) => covers(f, c.codePointAt(0)!))) missing.add(c);
  return [...missing];
}

/** @font-face rules for `faces`, with URLs under `baseUrl`. */
export function fontFaceCss(faces: readonly FontFace[], baseUrl: string): string {
  return faces
    .map((f) => {
      const ranges = f.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',');
      return `@font-face{font-family:'${f.family}';font-style:normal;font-display:block;font-weight:${f.weight};src:url(${baseUrl}${f.file}) format('woff2');unicode-range:${ranges}}`;
    })
    .join('\n');
}
