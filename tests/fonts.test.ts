// fonts.ts: which of the package's files a text needs. The search is by
// binary search over the text's sorted code points; it must choose exactly
// the faces a check of every code point against every range would.

import { describe, expect, it } from 'vitest';
import { covers, distinctCodePoints, facesFor, facesHolding, type FontFace } from '../scripts/lib/fonts.ts';
import { loadBodyFonts } from '../scripts/lib/load.ts';

/** The definition: a face is needed if some code point of the text lies in one of its ranges. */
const naive = (faces: readonly FontFace[], text: string) => faces.filter((face) => [...text].some((c) => covers(face, c.codePointAt(0)!)));

/** A small seeded generator (mulberry32), so a failure names a text that can be made again. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('facesFor', async () => {
  const faces = await loadBodyFonts();

  it.each([
    ['the essay title', '深度求索是否改變了人工智能遊戲的玩法呢？'],
    ['Latin and digits only', 'DeepSeek R1 2025'],
    ['nothing', ''],
    ['a character no face covers', '😀'],
    ['CJK Extension B (a surrogate pair)', '𠀋'],
    ['range edges', String.fromCodePoint(...faces.slice(0, 40).flatMap((f) => f.ranges.flat()))],
  ])('chooses the faces every range check would: %s', (_, text) => {
    expect(facesFor(faces, text)).toEqual(naive(faces, text));
  });

  it('chooses the faces every range check would, on 300 seeded random texts', () => {
    const next = random(0xfaceb00c);
    const edges = faces.flatMap((f) => f.ranges.flatMap(([a, b]) => [a - 1, a, b, b + 1]));
    for (let i = 0; i < 300; i++) {
      // Code points from anywhere in the BMP and beyond, and next to the ranges' edges, where an off-by-one would show.
      const codePoints = Array.from({ length: 1 + Math.floor(next() * 40) }, () => (next() < 0.5 ? edges[Math.floor(next() * edges.length)]! : Math.floor(next() * 0x2ffff)));
      const text = String.fromCodePoint(...codePoints.filter((cp) => cp >= 0 && (cp < 0xd800 || cp > 0xdfff)));
      expect(facesFor(faces, text), text).toEqual(naive(faces, text));
    }
  });

  it('reads a text as distinct code points, ascending', () => {
    expect(distinctCodePoints('b𠀋a中a')).toEqual([0x61, 0x62, 0x4e2d, 0x2000b]);
    expect(facesHolding(faces, [])).toEqual([]);
  });
});
