// The font files an EPUB embeds (`epub.embedFonts`): the book's font chain
// (font-chain.ts) cut down to the characters the book uses; and the whole
// system font files of that chain, cut before they are served anywhere.
// Pure apart from the injected readers.
//
// Why one subset per @fontsource chunk, not one merged font. No npm package
// ships the whole font, only ~120 unicode-range WOFF2 chunks per weight
// (fonts.ts), and the chunks cannot be merged safely: each has its own glyph
// ids and its own GSUB/GPOS. So each chunk the book needs is subset, with
// subset-font (HarfBuzz's hb-subset in wasm), to exactly the book's characters
// that the browser would take from that chunk, and the CSS gives each file the
// unicode-range of the code points it really kept (read back from its cmap),
// so a reader picks the right file for every character. Where @fontsource's
// ranges overlap (ASCII sits in chunk 123 and in `latin`, for instance) a
// character goes to the chunk a browser would use: the last declared face
// whose range and cmap hold it (CSS Fonts 4 §4.5). The files' ranges are then
// disjoint, each character lives in exactly one file, and the features that
// matter are single-glyph ones inside one file, so they keep working: `halt`
// / `vhal` (half-width punctuation, which the `span.pt-halt` of
// typeset/rules/compression.ts switches on glyph by glyph), `vert` / `vrt2`
// (vertical forms of 「」，。…), `fwid` (full-width forms), `locl`.
//
// Which layout features are kept: all of them (subset-font's default is the
// equivalent of `hb-subset --layout-features=*`; we pass no `keepFeatures`).
// Spec typography.md T29 asks for at least `locl vert vrt2 halt vhal chws vchw
// fwid ruby` on top of the usual defaults, because pyftsubset-style default
// lists drop `halt`, `chws` and `fwid`, and without them T15 (標點擠壓, 」，
// at 1.5 em) and T10 (the 2-em dash) silently stop working; pitfall P10:
// Chromium's trimming needs `halt` (`vhal` vertically), `chws` is optional.
// LAYOUT_FEATURES below names that list; the tests check that whatever of it
// the source chunk had survives. Measured on @fontsource/noto-serif-tc 5.3:
// the chunks carry GSUB `locl vert vrt2` (+ `ccmp liga` in some) and GPOS
// `halt vhal kern vpal` (+ `chws vchw` in some); none has `fwid` or `ruby`,
// so those cannot survive what the source never had (T10's `full-width`
// dash then does nothing with this font). hb-subset also prunes a feature
// none of whose lookups touches a kept glyph: the file of ，。 loses `vert`
// because Taiwan's centred ，。 have no vertical form; the tests check that
// a dropped feature did nothing to the book's characters.
//
// hb-subset's bidi closure (not switchable through subset-font) also keeps
// the mirror partner of a bracket when the chunk has it (』 beside 『): one
// spare glyph in the cmap, outside the file's unicode-range, never used.
//
// epub-pdf.md C31 for embedded fonts: a core media type (WOFF2 here); OS/2
// fsType allowing embedding (Noto: 0, installable; hb-subset keeps OS/2);
// every code point of the text covered (`chooseFaces()` in font-chain.ts reports
// what the font lacks); `vhea`/`vmtx` and GSUB `vert`/`vrt2` for the vertical
// edition (kept); the licence shipped beside the fonts (fontLicenses()).
//
// Output is deterministic: the same faces, text and font bytes give the same
// files, names and bytes (hb-subset and the WOFF2 encoder use no clock).

import { createRequire } from 'node:module';
import path from 'node:path';
import { contentKey, type ContentCache } from './cache.ts';
import { chooseFaces, PLACEHOLDER_FAMILY, placeholderFont, type FaceChoice, type FontSource } from './font-chain.ts';
import { BODY_WEIGHTS, covers, faceCmap, distinctCodePoints, facesHolding, fontCodePoints, fontFaceCss, fontPackageDir, type FontFace } from './fonts.ts';

/** WOFF2 for an EPUB; TrueType (sfnt) for pdf-lib, which reads nothing else. */
export type SubsetFormat = 'woff2' | 'truetype';

export interface EmbeddedFont {
  /** Deterministic, safe file name (`[a-z0-9.-]`), e.g. `noto-serif-tc-122-400.woff2` (`.ttf` for TrueType). */
  file: string;
  /** The font file, in the format asked for. */
  bytes: Uint8Array;
  family: string;
  weight: number;
  /** Inclusive ranges of the code points this file serves: the text's, checked against its cmap (which may also hold a bracket's mirror partner, unused). */
  ranges: [number, number][];
}

/** The layout features spec T29 requires a subset to keep (all features are kept; see above). */
export const LAYOUT_FEATURES = ['locl', 'vert', 'vrt2', 'halt', 'vhal', 'chws', 'vchw', 'fwid', 'ruby'] as const;

interface SubsetOptions {
  targetFormat: SubsetFormat;
  /** Name ids kept on top of hb-subset's default 0–6. */
  preserveNameIds?: number[];
}
// subset-font is CommonJS without type declarations.
const subsetFont = createRequire(import.meta.url)('subset-font') as (font: Buffer, text: string, options: SubsetOptions) => Promise<Buffer>;

/** 13 and 14: the licence description and URL, when the font has them. */
const LICENSE_NAME_IDS = [13, 14];

/** Control characters are never drawn from a font; whitespace alone does not call for a file. */
const CONTROL = /\p{Cc}/u;
const WHITESPACE = /\s/u;

function toRanges(codePoints: Iterable<number>): [number, number][] {
  const ranges: [number, number][] = [];
  for (const cp of [...new Set(codePoints)].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && cp === last[1] + 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
}

/** `noto-serif-tc-122-400-normal.woff2` → `noto-serif-tc-122-400.woff2` (or `.ttf`). */
function embeddedName(face: FontFace, format: SubsetFormat): string {
  let stem = face.file.replace(/\.(woff2|ttf|otf)$/i, '').replace(/-normal$/i, '');
  if (!stem.endsWith(`-${face.weight}`)) stem += `-${face.weight}`;
  return `${stem.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[.-]+/, '')}.${format === 'woff2' ? 'woff2' : 'ttf'}`;
}

/** How a subset is made, for the cache's key: subset-font's version (HarfBuzz's with it) and our options. */
const subsetRecipe = (targetFormat: SubsetFormat) =>
  JSON.stringify({ subsetFont: (createRequire(import.meta.url)('subset-font/package.json') as { version: string }).version, targetFormat, preserveNameIds: LICENSE_NAME_IDS });

export interface SubsetFontsOptions {
  /** Keeps each cut by the hash of its source file and characters, so a build (the screen PDF and the printer's, the next build) makes it once. */
  cache?: ContentCache | undefined;
  /** Default `woff2`. The PDF's running heads ask for TrueType: encoding WOFF2 only to decode it again cost ~0.3 s a build. */
  format?: SubsetFormat;
}

/**
 * Subset every face that holds at least one (non-whitespace) character of
 * `text` to exactly the characters it serves, in the faces' order.
 * `readFont` reads a face's `path` (the caller passes `fs.readFile`).
 */
export async function subsetFonts(faces: readonly FontFace[], text: string, readFont: (path: string) => Promise<Uint8Array>, options: SubsetFontsOptions = {}): Promise<EmbeddedFont[]> {
  const { cache, format = 'woff2' } = options;
  const codePoints = distinctCodePoints(text).filter((cp) => !CONTROL.test(String.fromCodePoint(cp)));
  const candidates = facesHolding(faces, codePoints);
  const sources = new Map<FontFace, { bytes: Uint8Array; cmap: Set<number> }>();
  await Promise.all(
    candidates.map(async (face) => {
      const read = face.bytes ? Promise.resolve(face.bytes) : readFont(face.path);
      // The package's files do not change while the process runs: their cmaps are read once (fonts.ts), from these bytes.
      const [bytes, cmap] = await Promise.all([read, faceCmap(face, () => read)]);
      sources.set(face, { bytes, cmap });
    }),
  );

  // Each code point goes to one face per weight, as a browser would choose:
  // of the first family (in the faces' order, which is font-family's) that
  // has a glyph for it, the last declared face that covers it and has one.
  const families = [...new Set(candidates.map((f) => f.family))];
  const served = new Map<FontFace, number[]>();
  for (const cp of codePoints) {
    const taken = new Set<number>();
    for (const family of families) {
      for (let i = candidates.length - 1; i >= 0; i--) {
        const face = candidates[i]!;
        if (face.family !== family || taken.has(face.weight) || !covers(face, cp) || !sources.get(face)!.cmap.has(cp)) continue;
        taken.add(face.weight);
        served.set(face, [...(served.get(face) ?? []), cp]);
      }
    }
  }

  const needed = candidates.filter((face) => served.get(face)?.some((cp) => !WHITESPACE.test(String.fromCodePoint(cp))));
  const names = new Set<string>();
  const fonts: EmbeddedFont[] = [];
  for (const face of needed) {
    const file = embeddedName(face, format);
    if (names.has(file)) throw new Error(`Unexpected duplicate embedded font name "${file}" (from ${face.file}), expected one file per face`);
    names.add(file);
    const wanted = served.get(face)!;
    const { bytes: source } = sources.get(face)!;
    const key = contentKey([subsetRecipe(format), source, String.fromCodePoint(...wanted)]);
    const made = await cache?.get<{ ranges: [number, number][] }>(key);
    if (made?.bytes) {
      fonts.push({ file, bytes: made.bytes, family: face.family, weight: face.weight, ranges: made.facts.ranges });
      continue;
    }
    const subset = await subsetFont(Buffer.from(source.buffer, source.byteOffset, source.byteLength), String.fromCodePoint(...wanted), {
      targetFormat: format,
      preserveNameIds: LICENSE_NAME_IDS,
    });
    const bytes = Uint8Array.from(subset);
    const kept = await fontCodePoints(bytes);
    const ranges = toRanges(wanted.filter((cp) => kept.has(cp)));
    await cache?.set(key, { bytes, facts: { ranges } });
    fonts.push({ file, bytes, family: face.family, weight: face.weight, ranges });
  }
  return fonts;
}

/** One @font-face per embedded file, its URL under `baseUrl`, its unicode-range the code points it kept. */
export function embeddedFontCss(fonts: readonly EmbeddedFont[], baseUrl: string): string {
  return fontFaceCss(fonts, baseUrl, { fontDisplay: false });
}

/**
 * The faces as they are served (to Chromium, the web edition, an EPUB): each
 * whole font file the choice uses (a system package's, fonts.ts `whole`)
 * cut to the code points it draws, as WOFF2, once for all its weights; the
 * rest as they are.
 */
export async function serveFaces(choice: Pick<FaceChoice, 'faces' | 'draws'>, readFont: (path: string) => Promise<Uint8Array>, cache?: ContentCache): Promise<FontFace[]> {
  const cuts = new Map<string, Promise<EmbeddedFont | undefined>>();
  const cutOf = (face: FontFace) => {
    const key = `${face.family}\u0000${face.path}`;
    let cut = cuts.get(key);
    if (!cut) {
      const text = String.fromCodePoint(...(choice.draws.get(face) ?? []));
      cut = subsetFonts([{ ...face, weight: BODY_WEIGHTS[0] }], text, readFont, { cache }).then((made) => made[0]);
      cuts.set(key, cut);
    }
    return cut;
  };
  const served = await Promise.all(
    choice.faces.map(async (face): Promise<FontFace | undefined> => {
      if (!face.whole) return face;
      const cut = await cutOf(face);
      return cut && { family: face.family, weight: face.weight, file: cut.file, path: face.path, ranges: cut.ranges, bytes: cut.bytes };
    }),
  );
  return served.filter((face) => face !== undefined);
}

/** The faces that draw what `choice` left missing: the placeholder (a crossed box), for every weight, made for exactly those characters. */
export function placeholderFaces(missing: readonly string[]): { faces: FontFace[]; draws: Map<FontFace, number[]> } {
  if (missing.length === 0) return { faces: [], draws: new Map() };
  const codePoints = missing.map((c) => c.codePointAt(0)!).sort((a, b) => a - b);
  const bytes = placeholderFont(missing);
  const faces = BODY_WEIGHTS.map((weight): FontFace => ({ family: PLACEHOLDER_FAMILY, weight, file: 'paiban-missing-glyph.ttf', path: 'paiban-missing-glyph.ttf', ranges: toRanges(codePoints), whole: true, bytes }));
  return { faces, draws: new Map(faces.map((face) => [face, codePoints])) };
}

/**
 * The font files a book is drawn with: its text through the body chain, its
 * code through the code chain (font-chain.ts), whole system files cut to
 * what they draw, and the placeholder face for the characters no font has.
 */
export async function fontsForBook(
  text: string,
  codeText: string,
  chains: { body: readonly FontFace[]; code: readonly FontFace[] },
  readFont: (path: string) => Promise<Uint8Array>,
  cache?: ContentCache,
): Promise<{ faces: FontFace[]; missingGlyphs: string[] }> {
  const cmap = (face: FontFace) => faceCmap(face, readFont, cache);
  const choices = [await chooseFaces(chains.body, text, cmap), ...(codeText ? [await chooseFaces(chains.code, codeText, cmap)] : [])];
  const missingGlyphs = [...new Set(choices.flatMap((c) => c.missing))];
  const placeholder = placeholderFaces(missingGlyphs);
  const faces = [...new Set([...choices.flatMap((c) => c.faces), ...placeholder.faces])];
  const draws = new Map(placeholder.draws);
  for (const [face, codePoints] of choices.flatMap((c) => [...c.draws])) draws.set(face, [...new Set([...(draws.get(face) ?? []), ...codePoints])].sort((a, b) => a - b));
  return { faces: await serveFaces({ faces, draws }, readFont, cache), missingGlyphs };
}

/** A licence shipped beside embedded fonts. */
export interface FontLicense {
  /** File name beside the fonts (`[a-z0-9.-]`). */
  file: string;
  text: string;
}

/** The licence of each family of `chain` that some embedded file is of (the placeholder is paiban's own, and needs none). */
export async function fontLicenses(files: readonly Pick<EmbeddedFont, 'family'>[], chain: readonly FontSource[], readText: (path: string) => Promise<string>): Promise<FontLicense[]> {
  const used = new Set(files.map((f) => f.family));
  return Promise.all(
    chain
      .filter((source) => used.has(source.family))
      .map(async (source) => ({
        file: `${source.family.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-license.txt`,
        text: await readText('package' in source ? path.join(fontPackageDir(source.package), 'LICENSE') : source.license),
      })),
  );
}
