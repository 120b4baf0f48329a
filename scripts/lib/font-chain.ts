// Every character printed, in an embedded TrueType font (issue 16). The body
// face, Noto Serif TC, lacks many characters real books hold: Traditional
// variants (爲 僞 顔), Simplified and Japanese forms (简 来 内), CJK Extension
// B names (𠮷), Hangul, Greek and Cyrillic, Thai, Devanagari, ⿻, emoji. Any of
// them used to fall back to a system font, which Chromium embeds as Type 3
// (printers reject it) or not at all. So the book's fonts are a chain, in the
// order CSS font-family tries them: the body face first (it keeps every
// character it has, punctuation included, so no Japanese-shaped ，), then the
// faces below, each asked only for what the ones before it lack.
//
// Each family comes from npm (@fontsource: TrueType outlines in WOFF2
// unicode-range chunks, which Chromium embeds as CID TrueType), except CJK
// Extension A and B–F in full: no npm package has them, so they come from
// Debian's fonts-hanazono (HanaMinA/HanaMinB, TrueType, GlyphWiki, SIL OFL
// 1.1), read whole and cut to the book's characters before anything is
// served. A character none of them has is drawn from a placeholder face made
// at build time (a crossed box, TrueType), so the PDF is still written, the
// text keeps the real code point, and the build says where it is.

import { createRequire } from 'node:module';
import { coveredBy, describeCharacter, distinctCodePoints, facesHolding, type FontFace } from './fonts.ts';

/** A family of the chain and where its files come from. */
export type FontSource =
  /** An @fontsource package: its CSS lists one WOFF2 chunk per unicode-range, per weight. */
  | { family: string; package: string; why: string }
  /**
   * A whole TrueType file a system package installs, served for every weight
   * (no bold is synthesised, which would be Type 3); `ranges` are the code
   * points it is asked for before its cmap is read (only if a character gets that far).
   */
  | { family: string; file: string; ranges: [number, number][]; debianPackage: string; license: string; why: string };

const hanazono = (face: 'A' | 'B', why: string): FontSource => ({
  family: `HanaMin${face}`,
  file: `/usr/share/fonts/truetype/hanazono/HanaMin${face}.ttf`,
  ranges: face === 'A' ? [[0, 0x1ffff]] : [[0x20000, 0x3ffff]],
  debianPackage: 'fonts-hanazono',
  license: '/usr/share/doc/fonts-hanazono/copyright',
  why,
});

/**
 * The body text's chain, in font-family order. Noto Serif comes second so
 * that Greek and Cyrillic take its proportional forms, not the CJK faces'
 * full-width ones (the TC face keeps its own Latin). Of the other Noto Serif
 * CJK regions, HK is nearest Taiwan's forms, then KR (Kangxi-like
 * Traditional forms: 爲 僞 顔), JP (𠮷, ⿻), SC (Simplified forms: 简 呐).
 */
export const BODY_CHAIN: readonly FontSource[] = [
  { family: 'Noto Serif TC', package: '@fontsource/noto-serif-tc', why: 'the body face: Traditional Chinese as Taiwan prints it, with Latin and centred punctuation' },
  { family: 'Noto Serif', package: '@fontsource/noto-serif', why: 'Greek, Cyrillic and the Latin letters the body face lacks' },
  { family: 'Noto Serif HK', package: '@fontsource/noto-serif-hk', why: 'Hong Kong characters (HKSCS) and forms' },
  { family: 'Noto Serif KR', package: '@fontsource/noto-serif-kr', why: 'Traditional variants (爲 僞 顔) and Hangul' },
  { family: 'Noto Serif JP', package: '@fontsource/noto-serif-jp', why: 'Japanese forms and kana, some Extension B (𠮷), ⿻' },
  { family: 'Noto Serif SC', package: '@fontsource/noto-serif-sc', why: 'Simplified forms (简 呐)' },
  // The scripts a Chinese book quotes: names, places, scripture.
  { family: 'Noto Serif Tibetan', package: '@fontsource/noto-serif-tibetan', why: 'Tibetan' },
  { family: 'Noto Sans Mongolian', package: '@fontsource/noto-sans-mongolian', why: 'Mongolian (no serif face exists)' },
  { family: 'Noto Naskh Arabic', package: '@fontsource/noto-naskh-arabic', why: 'Arabic, Persian, Uyghur' },
  { family: 'Noto Serif Hebrew', package: '@fontsource/noto-serif-hebrew', why: 'Hebrew' },
  { family: 'Noto Serif Thai', package: '@fontsource/noto-serif-thai', why: 'Thai' },
  { family: 'Noto Serif Khmer', package: '@fontsource/noto-serif-khmer', why: 'Khmer' },
  { family: 'Noto Serif Myanmar', package: '@fontsource/noto-serif-myanmar', why: 'Burmese' },
  { family: 'Noto Serif Devanagari', package: '@fontsource/noto-serif-devanagari', why: 'Devanagari (Sanskrit, Hindi)' },
  { family: 'Noto Serif Bengali', package: '@fontsource/noto-serif-bengali', why: 'Bengali' },
  { family: 'Noto Serif Tamil', package: '@fontsource/noto-serif-tamil', why: 'Tamil' },
  { family: 'Noto Serif Armenian', package: '@fontsource/noto-serif-armenian', why: 'Armenian' },
  { family: 'Noto Serif Georgian', package: '@fontsource/noto-serif-georgian', why: 'Georgian' },
  { family: 'Noto Sans Math', package: '@fontsource/noto-sans-math', why: 'mathematical letters and operators' },
  { family: 'Noto Emoji', package: '@fontsource/noto-emoji', why: 'emoji and flags, monochrome (colour emoji are bitmaps: Type 3 in a PDF)' },
  { family: 'Noto Sans Symbols 2', package: '@fontsource/noto-sans-symbols-2', why: 'arrows, shapes and other symbols the faces before lack' },
  hanazono('A', 'the rest of the BMP: rare Han (Extension A), ideographic description characters'),
  hanazono('B', 'CJK Extensions B–F (planes 2 and 3)'),
];

/** Code (`code`, `pre`, `kbd`, `samp`): a monospace face for ASCII, then the body's chain for the rest. */
export const CODE_CHAIN: readonly FontSource[] = [{ family: 'Noto Sans Mono', package: '@fontsource/noto-sans-mono', why: 'code: monospace Latin' }, ...BODY_CHAIN];

/** The family of the placeholder face, last in every chain. */
export const PLACEHOLDER_FAMILY = 'paiban missing glyph';

/** Where a reader's own fonts come in, after the chain (an EPUB without embedded fonts relies on them). */
const SYSTEM_FAMILIES = { body: ['"Noto Serif CJK TC"', '"Source Han Serif TC"', '"Source Han Serif"', '"Songti TC"', '"PMingLiU"', '"MingLiU"', 'serif'], code: ['"Noto Sans Mono CJK TC"', 'monospace'] };

const quoted = (family: string) => `"${family.replace(/["\\]/g, '\\$&')}"`;

/** The font-family value of a chain: its families, the placeholder, then the reader's own fonts. */
export function fontFamilyList(chain: readonly FontSource[], system: keyof typeof SYSTEM_FAMILIES = 'body'): string {
  return [...chain.map((s) => quoted(s.family)), quoted(PLACEHOLDER_FAMILY), ...SYSTEM_FAMILIES[system]].join(', ');
}

/** Characters never drawn from a font of their own: whitespace takes the face around it, controls and joiners nothing. */
const NOT_DRAWN = /[\s\p{Cc}\p{Default_Ignorable_Code_Point}]/u;

/** Which faces draw a text: in chain order, with the code points each draws; and the characters none has. */
export interface FaceChoice {
  faces: FontFace[];
  draws: Map<FontFace, number[]>;
  missing: string[];
}

/**
 * The faces a browser draws `text` with, walking `faces` (in chain order:
 * each family's faces together, families in font-family order) as CSS does:
 * a character goes to the first family that has a glyph for it. A family's
 * face is chosen when it holds a character no earlier family drew; the first
 * family's faces are chosen by their ranges alone (every character of theirs
 * is asked of them, whitespace too, which takes its width from them).
 * `cmapOf` reads a face's code points (only for faces that might be asked).
 */
export async function chooseFaces(faces: readonly FontFace[], text: string, cmapOf: (face: FontFace) => Promise<Set<number>>): Promise<FaceChoice> {
  const all = distinctCodePoints(text);
  let pending = all.filter((cp) => !NOT_DRAWN.test(String.fromCodePoint(cp)));
  const draws = new Map<FontFace, number[]>();
  const chosen = new Set<FontFace>();
  const families = [...new Set(faces.map((f) => f.family))];
  for (const [index, family] of families.entries()) {
    if (pending.length === 0) break;
    const own = faces.filter((f) => f.family === family);
    if (index === 0) for (const face of facesHolding(own, all)) chosen.add(face);
    const drawn = new Set<number>();
    for (const face of facesHolding(own, pending)) {
      const cmap = await cmapOf(face);
      const has = coveredBy(face, pending).filter((cp) => cmap.has(cp));
      if (has.length === 0) continue;
      chosen.add(face);
      draws.set(face, has);
      for (const cp of has) drawn.add(cp);
    }
    pending = pending.filter((cp) => !drawn.has(cp));
  }
  return { faces: faces.filter((f) => chosen.has(f)), draws, missing: pending.map((cp) => String.fromCodePoint(cp)) };
}

// fonteditor-core builds a TrueType font from outlines (CommonJS).
interface GlyphPoint { x: number; y: number; onCurve: boolean }
interface EditableFont {
  get(): { head: Record<string, number>; hhea: Record<string, number>; glyf: object[]; name: Record<string, string>; 'OS/2': Record<string, number> };
  set(ttf: object): EditableFont;
  write(options: { type: 'ttf'; toBuffer: true }): Buffer;
}
const { Font } = createRequire(import.meta.url)('fonteditor-core') as { Font: { create(): EditableFont } };

/** A closed contour through the corners; clockwise fills (TrueType), counter-clockwise cuts a hole. */
function contour(corners: [number, number][], clockwise: boolean): GlyphPoint[] {
  const points = corners.map(([x, y]) => ({ x, y, onCurve: true }));
  return clockwise ? points : points.reverse();
}

const FIXED_DATE_MS = Date.UTC(2025, 0, 1);

/**
 * A TrueType font whose one glyph, a box with a cross in it (the usual sign
 * of a missing glyph, unlike □ or 〓 which are characters), is mapped from
 * every code point in `missing`. Deterministic: no clock goes into it.
 */
export function placeholderFont(missing: readonly string[]): Uint8Array {
  const font = Font.create();
  const ttf = font.get();
  const [left, right, bottom, top, stroke] = [100, 900, -80, 800, 60];
  const inner: [number, number][] = [[left + stroke, bottom + stroke], [left + stroke, top - stroke], [right - stroke, top - stroke], [right - stroke, bottom + stroke]];
  const diagonal = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x0 + stroke, y0], [x1, y1], [x1 - stroke, y1]];
  ttf.head.unitsPerEm = 1000;
  // A fixed date: fonteditor-core writes the clock's for a missing one (0 counts as missing).
  ttf.head.created = FIXED_DATE_MS;
  ttf.head.modified = FIXED_DATE_MS;
  Object.assign(ttf.name, { fontFamily: PLACEHOLDER_FAMILY, fontSubFamily: 'Regular', uniqueSubFamily: PLACEHOLDER_FAMILY, version: 'Version 1.0', postScriptName: 'paiban-missing-glyph', fullName: PLACEHOLDER_FAMILY });
  ttf.glyf.push({
    name: 'missing',
    unicode: missing.map((c) => c.codePointAt(0)!),
    advanceWidth: 1000,
    leftSideBearing: left,
    xMin: left, yMin: bottom, xMax: right, yMax: top,
    contours: [
      contour([[left, bottom], [left, top], [right, top], [right, bottom]], true),
      contour(inner, false),
      contour(diagonal(left + stroke, bottom + stroke, right - stroke, top - stroke), false),
      contour(diagonal(left + stroke, top - stroke, right - stroke, bottom + stroke), false),
    ],
  });
  font.set(ttf);
  return Uint8Array.from(font.write({ type: 'ttf', toBuffer: true }));
}

/** The warning's words for a character no font of the chain has. */
export const missingGlyphMessage = (char: string) => `Unexpected ${describeCharacter(char)}: no font of the book has a glyph for it (${BODY_CHAIN[0]!.family} and the ${BODY_CHAIN.length - 1} fonts behind it), expected a character one of them draws; it is printed as a crossed box`;
