// The two-pass print layout (pdf.ts nextPrintLayout): chapters open on rectos.

import { describe, expect, it } from 'vitest';
import { FIRST_PRINT } from '../scripts/lib/html.ts';
import { nextPrintLayout } from '../scripts/lib/pdf.ts';

describe('nextPrintLayout', () => {
  it('puts a blank page before each chapter that opened on a verso, shifting those after it', () => {
    const next = nextPrintLayout(['ch001', 'ch002', 'ch003'], [4, 9, 11], FIRST_PRINT);
    expect([...next.blankBefore]).toEqual(['ch001', 'ch002']);
    expect([...next.pageOf]).toEqual([['ch001', 5], ['ch002', 11], ['ch003', 13]]);
  });

  it('is settled when every chapter opened on a recto where the contents said', () => {
    const settled = nextPrintLayout(['ch001', 'ch002'], [5, 11], { blankBefore: new Set(['ch001']), pageOf: new Map([['ch001', 5], ['ch002', 11]]) });
    expect([...settled.blankBefore]).toEqual(['ch001']);
    expect([...settled.pageOf]).toEqual([['ch001', 5], ['ch002', 11]]);
  });

  it('takes a blank page away when a reflow made it one too many', () => {
    const next = nextPrintLayout(['ch001', 'ch002'], [5, 10], { blankBefore: new Set(['ch002']), pageOf: new Map() });
    expect([...next.blankBefore]).toEqual([]);
    expect([...next.pageOf]).toEqual([['ch001', 5], ['ch002', 9]]);
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
