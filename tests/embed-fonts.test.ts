// Embedded EPUB fonts (scripts/lib/embed-fonts.ts; spec T29, P10, C31): per-chunk
// WOFF2 subsets of Noto Serif TC, read back and shaped with HarfBuzz
// (harfbuzzjs) after fontverter turns the WOFF2 into an sfnt.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { embeddedFontCss, fontLicenses, LAYOUT_FEATURES, subsetFonts, type EmbeddedFont } from '../scripts/lib/embed-fonts.ts';
import { BODY_CHAIN, chooseFaces } from '../scripts/lib/font-chain.ts';
import { cmapOf, type FontFace } from '../scripts/lib/fonts.ts';
import { loadBodyFonts } from '../scripts/lib/load.ts';

const fontverter = createRequire(import.meta.url)('fontverter') as { convert(font: Buffer, to: 'sfnt'): Promise<Buffer> };

const essay = await readFile(new URL('../../shared/seeds/000_2448027780490b17.txt', import.meta.url), 'utf8');
const text = `${essay}「」『』（），。、：；！？…—ABCxyz0189`;
const faces = await loadBodyFonts();
const fonts = await subsetFonts(faces, text, readFile);

const inText = new Set([...text].map((c) => c.codePointAt(0)!));
const drawn = [...inText].filter((cp) => !/\s|\p{Cc}/u.test(String.fromCodePoint(cp)));
const expand = (ranges: readonly [number, number][]) => ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));

async function hbFace(woff2: Uint8Array): Promise<hb.Face> {
  const sfnt = await fontverter.convert(Buffer.from(woff2), 'sfnt');
  return new hb.Face(new hb.Blob(new Uint8Array(sfnt)));
}

function features(face: hb.Face): Set<string> {
  return new Set([...face.getTableFeatureTags('GSUB'), ...face.getTableFeatureTags('GPOS')]);
}

/** Glyph ids, advances and offsets of `s`, horizontal or vertical, with extra features. */
function shape(face: hb.Face, s: string, vertical: boolean, extra: readonly string[] = [], language = 'zh-Hant') {
  const buffer = new hb.Buffer();
  buffer.addText(s);
  buffer.setLanguage(language);
  buffer.guessSegmentProperties();
  if (vertical) buffer.setDirection(hb.Direction.TTB);
  hb.shape(new hb.Font(face), buffer, extra.map((f) => hb.Feature.fromString(f)!));
  return buffer.getGlyphInfosAndPositions().map((g) => ({ glyph: g.codepoint, advance: vertical ? -g.yAdvance! : g.xAdvance!, x: g.xOffset!, y: g.yOffset! }));
}

/** Unicode Bidi_Mirroring_Glyph pairs among the marks a Chinese book uses. */
const MIRROR = new Map(
  ['()', '<>', '[]', '{}', '«»', '‹›', '〈〉', '《》', '「」', '『』', '【】', '〔〕', '〖〗', '〘〙', '〚〛', '（）', '＜＞', '［］', '｛｝', '｟｠', '｢｣'].flatMap(([a, b]) => [
    [a!.codePointAt(0)!, b!.codePointAt(0)!],
    [b!.codePointAt(0)!, a!.codePointAt(0)!],
  ]),
);

function sourceOf(font: EmbeddedFont): FontFace {
  const face = faces.find((f) => f.weight === font.weight && f.file.replace('-normal', '') === font.file);
  if (!face) throw new Error(`no source chunk for ${font.file}`);
  return face;
}

function holding(char: string, weight = 400): EmbeddedFont {
  const cp = char.codePointAt(0)!;
  const font = fonts.find((f) => f.weight === weight && f.ranges.some(([a, b]) => cp >= a && cp <= b));
  if (!font) throw new Error(`no embedded file holds ${char}`);
  return font;
}

describe('subsetFonts', () => {
  it('the sample text is fully in the font (else coverage below would prove nothing)', async () => {
    expect((await chooseFaces(faces.filter((f) => f.weight === 400), text, (face) => cmapOf(face.path, readFile))).missing).toEqual([]);
  });

  it.each([400, 700])('covers every character of the text with exactly one %i-weight file, and keeps nothing else (cmap)', async (weight) => {
    const owners = new Map<number, string[]>();
    const mine = fonts.filter((f) => f.weight === weight);
    for (const font of mine) {
      const served = expand(font.ranges);
      const cmap = new Set((await hbFace(font.bytes)).collectUnicodes());
      // Every code point the CSS sends to this file is really in it ...
      for (const cp of served) expect(cmap.has(cp), `${font.file} maps U+${cp.toString(16)}`).toBe(true);
      // ... and the file maps nothing else, but for the mirror-image partner
      // of a bracket it serves, which hb-subset's bidi closure always adds.
      for (const cp of cmap) if (!served.includes(cp)) expect(served, `${font.file} keeps U+${cp.toString(16)}`).toContain(MIRROR.get(cp));
      for (const cp of served) {
        expect(inText.has(cp), `${font.file} serves U+${cp.toString(16)}`).toBe(true);
        owners.set(cp, [...(owners.get(cp) ?? []), font.file]);
      }
    }
    for (const cp of drawn) expect(owners.get(cp), `U+${cp.toString(16)} ${String.fromCodePoint(cp)}`).toHaveLength(1);
    const total = mine.reduce((sum, f) => sum + f.bytes.length, 0);
    console.info(`embed-fonts: ${weight}: ${mine.length} files, ${total} bytes for the essay`);
    expect(total).toBeLessThan(1_000_000);
  });

  it('names files safely, once each, after their chunk and weight', () => {
    const names = fonts.map((f) => f.file);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9.-]+\.woff2$/);
    expect(names).toContain('noto-serif-tc-122-400.woff2');
    for (const font of fonts) expect(new TextDecoder().decode(font.bytes.subarray(0, 4))).toBe('wOF2');
  });

  // What shaping shows, comparable across two fonts: glyph outlines, not ids.
  function outcome(face: hb.Face, s: string, vertical: boolean, extra: readonly string[], language: string) {
    const font = new hb.Font(face);
    return shape(face, s, vertical, extra, language).map(({ glyph, ...at }) => ({ ...at, outline: glyph === 0 ? 'notdef' : font.glyphToPath(glyph) }));
  }
  const LANGUAGES = ['zh-Hant', 'zh-Hans', 'ja', 'ko'];
  /** Each kept character alone, and each run of them in the text (pairs for chws/kern, —— for liga). */
  function probes(font: EmbeddedFont): string[] {
    const served = new Set(expand(font.ranges));
    const runs = [...text].reduce<string[]>((acc, c) => (served.has(c.codePointAt(0)!) ? [...acc.slice(0, -1), acc.at(-1)! + c] : [...acc, '']), ['']);
    return [...new Set([...served].map((cp) => String.fromCodePoint(cp)).concat(runs.filter((r) => [...r].length > 1)))];
  }
  const regular = () => fonts.filter((f) => f.weight === 400);

  it('keeps halt, vert, vrt2 and vhal in the file of 「, halt and vhal in the file of ， (spec T29, P10)', async () => {
    for (const [char, required] of [['「', ['halt', 'vert', 'vrt2', 'vhal']], ['，', ['halt', 'vhal']]] as const) {
      const font = holding(char);
      const source = features(await hbFace(await readFile(sourceOf(font).path)));
      const subset = features(await hbFace(font.bytes));
      console.info(`embed-fonts: ${sourceOf(font).file} has ${[...source].sort().join(' ')}; ${font.file} keeps ${[...subset].sort().join(' ')}`);
      for (const tag of required) {
        expect(source.has(tag), `${sourceOf(font).file} ${tag}`).toBe(true);
        expect(subset.has(tag), `${font.file} ${tag}`).toBe(true);
      }
    }
  });

  it('drops a T29 feature only where it did nothing to the kept characters (hb-subset prunes empty features)', async () => {
    for (const font of regular()) {
      const source = await hbFace(await readFile(sourceOf(font).path));
      const subset = features(await hbFace(font.bytes));
      const dropped = LAYOUT_FEATURES.filter((tag) => features(source).has(tag) && !subset.has(tag));
      for (const tag of dropped)
        for (const s of probes(font))
          for (const language of LANGUAGES)
            for (const vertical of [false, true])
              expect(shape(source, s, vertical, [tag], language), `${sourceOf(font).file} ${tag} changes ${s}`).toEqual(shape(source, s, vertical, [`-${tag}`], language));
    }
  });

  it('shapes every kept character and run as the source chunk does, with each T29 feature on, both directions, four languages', async () => {
    for (const font of regular()) {
      const source = await hbFace(await readFile(sourceOf(font).path));
      const subset = await hbFace(font.bytes);
      const tags = LAYOUT_FEATURES.filter((tag) => features(source).has(tag));
      for (const s of probes(font))
        for (const language of LANGUAGES)
          for (const vertical of [false, true])
            for (const extra of [[], ...tags.map((t) => [t])]) {
              const label = `${font.file} ${s} ${language} ${vertical ? 'vertical' : 'horizontal'} ${extra.join()}`;
              expect(outcome(subset, s, vertical, extra, language), label).toEqual(outcome(source, s, vertical, extra, language));
            }
    }
  });

  it('halt halves 」「（ and vhal moves them, vert gives 「」（ their vertical forms (T15, T23)', async () => {
    for (const char of ['」', '「', '（']) {
      const subset = await hbFace(holding(char).bytes);
      expect(shape(subset, char, false)[0]!.advance).toBe(subset.upem);
      expect(shape(subset, char, false, ['halt'])[0]!.advance).toBe(subset.upem / 2);
      expect(shape(subset, char, true)[0]!.glyph).not.toBe(shape(subset, char, false)[0]!.glyph);
    }
    const opening = await hbFace(holding('「').bytes);
    expect(shape(opening, '「', true, ['vhal'])[0]).not.toEqual(shape(opening, '「', true)[0]);
  });

  it('allows embedding and keeps vertical metrics (C31)', async () => {
    for (const font of fonts) {
      const face = await hbFace(font.bytes);
      const os2 = face.referenceTable('OS/2')!;
      expect(((os2[8]! << 8) | os2[9]!) & 0x0002, `${font.file} fsType`).toBe(0);
      expect(face.referenceTable('vhea'), font.file).toBeDefined();
      expect(face.referenceTable('vmtx'), font.file).toBeDefined();
    }
  });

  it('gives the same bytes on a second run', async () => {
    const again = await subsetFonts(faces, text, readFile);
    const digest = (list: EmbeddedFont[]) => list.map((f) => ({ ...f, bytes: createHash('sha256').update(f.bytes).digest('hex') }));
    expect(digest(again)).toEqual(digest(fonts));
  });

  it('gives a character in two overlapping chunks to the last declared one, as a browser would', async () => {
    // A is in chunk 123's range and in latin's; CSS checks the later rule first.
    const both = await subsetFonts(faces.filter((f) => f.weight === 400), 'A中', readFile);
    expect(both.map((f) => [f.file, f.ranges])).toEqual([
      ['noto-serif-tc-123-400.woff2', [[0x4e2d, 0x4e2d]]],
      ['noto-serif-tc-latin-400.woff2', [[0x41, 0x41]]],
    ]);
    const latin = await subsetFonts(faces.filter((f) => f.weight === 400), ' A\n', readFile);
    expect(latin.map((f) => [f.file, f.ranges])).toEqual([['noto-serif-tc-latin-400.woff2', [[0x20, 0x20], [0x41, 0x41]]]]);
  });

  it('needs no file for whitespace alone', async () => {
    expect(await subsetFonts(faces, ' \n\u3000\t', readFile)).toEqual([]);
  });
});

describe('embeddedFontCss', () => {
  it('writes one @font-face per file, its unicode-range the kept code points', () => {
    const css = embeddedFontCss(fonts, 'fonts/');
    const blocks = css.match(/@font-face\s*{[^}]*}/g) ?? [];
    expect(blocks).toHaveLength(fonts.length);
    blocks.forEach((block, i) => {
      const font = fonts[i]!;
      expect(block).toContain(`font-family:'Noto Serif TC'`);
      expect(block).toContain(`font-weight:${font.weight};`);
      expect(block).toContain('font-style:normal');
      expect(block).toContain(`src:url(fonts/${font.file}) format('woff2')`);
      const range = /unicode-range:([^;}]+)/.exec(block)![1]!;
      const parsed = range.split(',').map((r) => r.replace(/^U\+/i, '').split('-').map((h) => parseInt(h, 16)));
      expect(parsed.map(([a, b]) => [a, b ?? a])).toEqual(font.ranges);
    });
  });
});

describe('fontLicenses', () => {
  it('ships the SIL OFL of each family an embedded file is of, under a safe name, and nothing for the placeholder', async () => {
    const licenses = await fontLicenses([{ family: 'Noto Serif TC' }, { family: 'Noto Serif KR' }, { family: 'Noto Serif KR' }, { family: 'paiban missing glyph' }], BODY_CHAIN, (file) => readFile(file, 'utf8'));
    expect(licenses.map((l) => l.file)).toEqual(['noto-serif-tc-license.txt', 'noto-serif-kr-license.txt']);
    for (const license of licenses) {
      expect(license.text).toContain('SIL OPEN FONT LICENSE Version 1.1');
      expect(license.file).toMatch(/^[a-z0-9.-]+$/);
    }
  });
});
