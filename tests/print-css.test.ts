// The print page's CSS, read statically (spec C55): @page gives the size and
// margins, paragraphs keep two lines on each side of a page break, and nothing
// relies on paged-media features Chromium does not have (spec C.2) — there is
// no polyfill in the pipeline, so such a rule would silently do nothing.

import postcss, { type Root } from 'postcss';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBook } from '../scripts/lib/book.ts';
import { renderPrintPage } from '../scripts/lib/html.ts';
import { loadManuscript, loadTemplates } from '../scripts/lib/load.ts';
import { typeset } from '../scripts/lib/typeset/index.ts';

/** What Chromium 156 parses and ignores, or does not parse, in paged media (GCPM and friends). */
const UNSUPPORTED_PROPERTIES = ['string-set', 'bleed', 'marks', 'footnote-display', 'footnote-policy', 'bookmark-level', 'bookmark-label'];
const UNSUPPORTED_VALUES = [/\bstring\(/, /\btarget-counters?\(/, /\btarget-text\(/, /\bleader\(/, /\brunning\(/, /\belement\(/, /\bcontent\(/];
const UNSUPPORTED_SELECTORS = [/:blank\b/, /:recto\b/, /:verso\b/, /:nth\(/, /::footnote-(call|marker)/];

const sheets: Record<string, Root> = {};

beforeAll(async () => {
  const templates = await loadTemplates();
  const manuscript = await loadManuscript('manuscript');
  for (const writingMode of ['horizontal', 'vertical'] as const) {
    const book = typeset(parseBook({ ...manuscript, config: { ...manuscript.config, layout: { ...manuscript.config.layout, writingMode } } }).book);
    for (const bleedMm of [0, 3]) sheets[`${writingMode}, bleed ${bleedMm} mm`] = postcss.parse(renderPrintPage(book, templates, [], undefined, bleedMm).css);
  }
});

describe.each(['horizontal, bleed 0 mm', 'horizontal, bleed 3 mm', 'vertical, bleed 0 mm', 'vertical, bleed 3 mm'])('print CSS (%s)', (name) => {
  it('sizes the page and its margins with @page, mirrored on :left and :right', () => {
    const pages = sheets[name]!.nodes.filter((n) => n.type === 'atrule' && n.name === 'page') as postcss.AtRule[];
    const declared = (params: string, prop: string) => pages.filter((p) => p.params === params).some((p) => p.nodes?.some((d) => d.type === 'decl' && d.prop === prop));
    expect(declared('', 'size')).toBe(true);
    expect(declared('', 'margin')).toBe(true);
    for (const side of [':left', ':right']) {
      expect(declared(side, 'margin-left'), side).toBe(true);
      expect(declared(side, 'margin-right'), side).toBe(true);
    }
  });

  it('keeps at least two lines of a paragraph on each side of a page break (orphans, widows ≥ 2)', () => {
    const values: Record<string, number[]> = { orphans: [], widows: [] };
    sheets[name]!.walkDecls(/^(orphans|widows)$/, (decl) => {
      values[decl.prop]!.push(Number(decl.value));
    });
    for (const prop of ['orphans', 'widows']) {
      expect(values[prop]!.length, prop).toBeGreaterThan(0);
      for (const value of values[prop]!) expect(value, prop).toBeGreaterThanOrEqual(2);
    }
  });

  it('uses no paged-media feature Chromium lacks (string-set, target-counter, float: footnote, :blank, bleed, marks …)', () => {
    const found: string[] = [];
    sheets[name]!.walkDecls((decl) => {
      if (UNSUPPORTED_PROPERTIES.includes(decl.prop)) found.push(`${decl.prop}: ${decl.value}`);
      if (decl.prop === 'float' && /footnote/.test(decl.value)) found.push(`float: ${decl.value}`);
      if (decl.prop === 'content' && UNSUPPORTED_VALUES.some((re) => re.test(decl.value))) found.push(`content: ${decl.value}`);
      if (decl.prop === 'position' && /running/.test(decl.value)) found.push(`position: ${decl.value}`);
    });
    sheets[name]!.walkRules((rule) => {
      if (UNSUPPORTED_SELECTORS.some((re) => re.test(rule.selector))) found.push(rule.selector);
    });
    sheets[name]!.walkAtRules((at) => {
      if (at.name === 'page' && UNSUPPORTED_SELECTORS.some((re) => re.test(at.params))) found.push(`@page ${at.params}`);
      if (at.name === 'footnote') found.push(`@${at.name}`);
    });
    expect(found).toEqual([]);
  });
});
