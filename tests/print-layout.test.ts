// Putting a book printed in parts together (pdf.ts assembleLayout, chapterRuns):
// chapters open on rectos, and each run of chapters is about as long as the next.

import { describe, expect, it } from 'vitest';
import { assembleLayout, chapterRuns } from '../scripts/lib/pdf.ts';

describe('assembleLayout', () => {
  it('puts a blank page before each chapter that would open on a verso, moving those after it', () => {
    // Front matter of 5 pages; one run whose chapters open on its pages 1, 4 and 8, 10 pages long.
    const layout = assembleLayout(5, [{ ids: ['ch001', 'ch002', 'ch003'], starts: [1, 4, 8], pages: 10 }]);
    // ch001 would open on 6 and gets a blank page; ch002 then on 10, and gets one too; ch003 on 15.
    expect([...layout.blankBefore]).toEqual(['ch001', 'ch002']);
    expect([...layout.pageOf]).toEqual([['ch001', 7], ['ch002', 11], ['ch003', 15]]);
    expect(layout.pageCount).toBe(17);
  });

  it('carries the page count and the blank pages from one run to the next', () => {
    const layout = assembleLayout(6, [
      { ids: ['a', 'b'], starts: [1, 3], pages: 5 },
      { ids: ['c'], starts: [1], pages: 2 },
    ]);
    // a: 7; b: 9; the first run ends on 11; c would open on 12, so a blank page comes first.
    expect([...layout.pageOf]).toEqual([['a', 7], ['b', 9], ['c', 13]]);
    expect([...layout.blankBefore]).toEqual(['c']);
    expect(layout.pageCount).toBe(14);
  });

  it('adds nothing when every chapter already opens on a recto', () => {
    const layout = assembleLayout(4, [{ ids: ['a', 'b'], starts: [1, 3], pages: 4 }]);
    expect([...layout.blankBefore]).toEqual([]);
    expect([...layout.pageOf]).toEqual([['a', 5], ['b', 7]]);
    expect(layout.pageCount).toBe(8);
  });
});

describe('chapterRuns', () => {
  it('keeps a short book in one run', () => {
    expect(chapterRuns([3000, 2000, 1000], 60_000)).toEqual([3]);
  });

  it('splits a long book into an even number of runs of about equal length, in order', () => {
    const runs = chapterRuns(Array(60).fill(2800), 60_000);
    expect(runs).toEqual([15, 15, 15, 15]);
    expect(chapterRuns(Array(10).fill(10_000), 60_000)).toEqual([5, 5]);
  });

  it('gives a chapter longer than the limit a run of its own, and never more runs than chapters', () => {
    expect(chapterRuns([200_000], 60_000)).toEqual([1]);
    expect(chapterRuns([1000, 200_000, 1000], 60_000)).toEqual([1, 1, 1]);
    expect(chapterRuns([1, 1, 1, 1, 1], 1).reduce((a, b) => a + b)).toBe(5);
  });
});

describe('pageRoles', () => {
  it('knows front matter, blank, opening and body pages, and each body page\'s chapter', async () => {
    const { pageRoles } = await import('../scripts/lib/folios.ts');
    const roles = pageRoles(9, [
      { start: 5, title: '一', blankBefore: true },
      { start: 7, title: '二', blankBefore: false },
    ]);
    expect(roles.map((r) => (r.kind === 'body' ? `body:${r.chapterTitle}` : r.kind))).toEqual(['front', 'front', 'front', 'blank', 'opening', 'body:一', 'opening', 'body:二', 'body:二']);
  });
});
