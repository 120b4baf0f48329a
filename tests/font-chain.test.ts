// The font chain (scripts/lib/font-chain.ts, issue 16): every character a
// real book holds is drawn from an embedded TrueType face, chosen as CSS
// font-family would choose it; what no face has gets the placeholder box.

import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { ContentCache } from '../scripts/lib/cache.ts';
import { fontsForBook } from '../scripts/lib/embed-fonts.ts';
import { BODY_CHAIN, CODE_CHAIN, chooseFaces, fontFamilyList, PLACEHOLDER_FAMILY, placeholderFont } from '../scripts/lib/font-chain.ts';
import { cmapOf, type FontFace } from '../scripts/lib/fonts.ts';
import { loadFontChain } from '../scripts/lib/load.ts';
import { itWith, type Tool } from './support/tools.ts';

const face = (family: string, from: number, to: number, file = `${family}-${from}`): FontFace => ({ family, weight: 400, file, path: file, ranges: [[from, to]] });

describe('chooseFaces', () => {
  const a1 = face('A', 0x4e00, 0x4e10);
  const a2 = face('A', 0x20, 0x7e);
  const a3 = face('A', 0x9000, 0x9010);
  const b1 = face('B', 0x4e00, 0x4eff);
  const b2 = face('B', 0x5000, 0x50ff);
  const c1 = face('C', 0x4e00, 0x4eff);
  const cmaps = new Map<FontFace, number[]>([[a1, [0x4e00, 0x4e01]], [a2, [0x20, 0x41]], [a3, []], [b1, [0x4e05]], [b2, []], [c1, [0x4e05, 0x4e06]]]);
  const cmap = async (f: FontFace) => new Set(cmaps.get(f));

  it('asks each family only for what the families before it lack, and names what none has', async () => {
    const choice = await chooseFaces([a1, a2, a3, b1, b2, c1], '\u4e00\u4e05\u4e06\u4e07 A', cmap);
    // a3 holds no character of the text; b2's range holds none; c1 draws 一 U+4E06, which B lacks.
    expect(choice.faces).toEqual([a1, a2, b1, c1]);
    expect(choice.draws.get(b1)).toEqual([0x4e05]);
    expect(choice.draws.get(c1)).toEqual([0x4e06]);
    expect(choice.missing).toEqual(['\u4e07']);
  });

  it('takes the first family by its ranges, whitespace too, and never reports a space, a control or a joiner missing', async () => {
    const choice = await chooseFaces([a1, a2, b1], '\u4e00 \u3000\u200d\ufe0f\n', cmap);
    expect(choice.faces).toEqual([a1, a2]);
    expect(choice.missing).toEqual([]);
  });

  it('reads no face of a later family when the first draws everything', async () => {
    const asked: string[] = [];
    await chooseFaces([a1, a2, b1, c1], '\u4e00A', async (f) => (asked.push(f.family), cmap(f)));
    expect(asked.every((family) => family === 'A')).toBe(true);
  });
});

describe('placeholderFont', () => {
  const missing = ['\u{30000}', '\u{F0000}', '\u9fff'];
  const bytes = placeholderFont(missing);
  const hbFace = new hb.Face(new hb.Blob(bytes));

  it('maps exactly the missing characters to one glyph with ink, and names itself', () => {
    expect([...hbFace.collectUnicodes()].sort((a, b) => a - b)).toEqual([0x9fff, 0x30000, 0xf0000]);
    const font = new hb.Font(hbFace);
    const buffer = new hb.Buffer();
    buffer.addText('\u{30000}\u9fff');
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    const glyphs = buffer.getGlyphInfosAndPositions();
    expect(glyphs.map((g) => g.codepoint)).toEqual([1, 1]);
    expect(glyphs[0]!.xAdvance).toBe(1000);
    expect(font.glyphToPath(1).length).toBeGreaterThan(20);
  });

  it('gives the same bytes every time (no clock in it)', () => {
    expect(Buffer.from(placeholderFont(missing)).equals(Buffer.from(bytes))).toBe(true);
  });
});

const hanazono: Tool = { name: 'HanaMinA/HanaMinB (CJK Extensions)', available: BODY_CHAIN.every((s) => !('file' in s) || existsSync(s.file)), install: 'apt-get install fonts-hanazono' };

describe('the body chain on the characters real books hold', async () => {
  const { faces } = await loadFontChain(BODY_CHAIN);
  const familyOf = async (char: string) => {
    const choice = await chooseFaces(faces, `中${char}`, (f) => cmapOf(f.path, readFile));
    return [...choice.draws].find(([, cps]) => cps.includes(char.codePointAt(0)!))?.[0].family ?? (choice.missing.includes(char) ? 'missing' : 'first family, by range');
  };

  it.each([
    ['，', 'Noto Serif TC'], // the book's own punctuation, never a Japanese-shaped one
    ['A', 'Noto Serif TC'],
    ['λ', 'Noto Serif'], // proportional Greek, not a CJK face's full-width form
    ['ї', 'Noto Serif'],
    ['睃', 'Noto Serif HK'],
    ['爲', 'Noto Serif KR'],
    ['한', 'Noto Serif KR'],
    ['𠮷', 'Noto Serif JP'],
    ['⿻', 'Noto Serif JP'],
    ['简', 'Noto Serif SC'],
    ['呐', 'Noto Serif SC'],
    ['ก', 'Noto Serif Thai'],
    ['क', 'Noto Serif Devanagari'],
    ['م', 'Noto Naskh Arabic'],
    ['ש', 'Noto Serif Hebrew'],
    ['🌍', 'Noto Emoji'],
    ['🇹', 'Noto Emoji'],
  ])('draws %s from %s', async (char, family) => {
    expect(await familyOf(char)).toBe(family);
  });

  itWith(hanazono, 'draws rare Extension B characters from HanaMinB, and finds none for Extension G (U+30000)', async () => {
    expect(await familyOf('\u{2A6D6}')).toMatch(/^(Noto Serif (HK|JP)|HanaMin[AB])$/);
    expect(await familyOf('\u{2B740}')).toBe('HanaMinB');
    expect(await familyOf('\u{30000}')).toBe('missing');
  });
});

describe('fontsForBook', () => {
  itWith(hanazono, 'cuts a whole system font to what it draws, for every weight, and adds the placeholder for the rest', async () => {
    const [body, code] = await Promise.all([loadFontChain(BODY_CHAIN), loadFontChain(CODE_CHAIN)]);
    const { faces, missingGlyphs } = await fontsForBook('中文\u{2B740}\u{30000}', 'let x = "中";', { body: body.faces, code: code.faces }, readFile);
    expect(missingGlyphs).toEqual(['\u{30000}']);
    const cut = faces.filter((f) => f.family === 'HanaMinB');
    expect(cut.map((f) => f.weight)).toEqual([400, 700]);
    expect(cut[0]!.bytes!.length).toBeLessThan(20_000);
    expect(cut[0]!.ranges).toEqual([[0x2b740, 0x2b740]]);
    expect(faces.filter((f) => f.family === PLACEHOLDER_FAMILY).map((f) => f.ranges)).toEqual([[[0x30000, 0x30000]], [[0x30000, 0x30000]]]);
    expect(faces.some((f) => f.family === 'Noto Sans Mono')).toBe(true);
  });
});

describe('cmapOf with a cache', () => {
  it('keeps a file\'s code points for the next build, by its path, size and time', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paiban-cmap-'));
    try {
      const { faces } = await loadFontChain(BODY_CHAIN);
      const file = path.join(dir, 'chunk.woff2');
      copyFileSync(faces[0]!.path, file);
      const cache = new ContentCache(path.join(dir, 'cache'));
      const codePoints = await cmapOf(file, readFile, cache);
      expect(codePoints.size).toBeGreaterThan(0);
      const kept = readdirSync(path.join(dir, 'cache')).filter((f) => f.endsWith('.json'));
      expect(kept).toHaveLength(1);
      expect(new Set(JSON.parse(readFileSync(path.join(dir, 'cache', kept[0]!), 'utf8')).facts)).toEqual(codePoints);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fontFamilyList', () => {
  it('names the chain in order, the placeholder, then the reader\'s own fonts', () => {
    const list = fontFamilyList(BODY_CHAIN);
    expect(list.startsWith('"Noto Serif TC", "Noto Serif", "Noto Serif HK"')).toBe(true);
    expect(list).toContain(`"HanaMinB", "${PLACEHOLDER_FAMILY}", "Noto Serif CJK TC"`);
    expect(list.endsWith('serif')).toBe(true);
    expect(fontFamilyList(CODE_CHAIN, 'code').startsWith('"Noto Sans Mono", "Noto Serif TC"')).toBe(true);
  });
});
