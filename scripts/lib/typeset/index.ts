// The typeset stage: text rules over each chapter tree, at build time, so
// every output (and every e-reader, whatever CSS it lacks) shows the same text.
// The order is spec/typography.md's: T13 → T6–T8 → T9–T12 → T1–T5, so that
// `中,A` becomes `中，A` before spacing, not `中, A`. The same rules run on
// titles, so the table of contents, the OPF and the PDF never disagree with
// the body (T22).

import type { Root } from 'hast';
import type { Book } from '../book.ts';
import type { BookConfig } from '../config.ts';
import { applyRules, applyRulesToString } from './edits.ts';
import { joinCjkLines } from './join-cjk-lines.ts';
import { markHeadingBreaks } from './phrases.ts';
import type { TextRule } from './rule.ts';
import { compression } from './rules/compression.ts';
import { connectorGlue } from './rules/connector.ts';
import { twoEmDash } from './rules/dash.ts';
import { ellipsis } from './rules/ellipsis.ts';
import { fullwidthAlnum } from './rules/fullwidth-alnum.ts';
import { fullwidthPunctuation } from './rules/fullwidth-punctuation.ts';
import { interpunct } from './rules/interpunct.ts';
import { cornerQuotes } from './rules/quotes.ts';
import { spacing } from './rules/spacing.ts';
import { tateChuYoko, uprightNumberEdges } from './rules/tate-chu-yoko.ts';
import { wrapMarks } from './rules/wrap-marks.ts';

/** Han units kept tight against numbers when `typography.hanUnitSpacing` is false (spec T5). */
export const HAN_UNITS = '年月日時分秒號億萬';

export function textRules(config: BookConfig): TextRule[] {
  const vertical = config.layout.writingMode === 'vertical';
  return [
    joinCjkLines,
    fullwidthAlnum, // T13
    cornerQuotes, // T8
    fullwidthPunctuation, // T6, T7
    // Again: T6–T8 turn marks into wide ones, and a break beside them must go before T9–T12 look.
    joinCjkLines,
    ellipsis, // T9
    twoEmDash, // T10
    interpunct, // T11
    connectorGlue, // T12
    spacing({ ...(config.typography.hanUnitSpacing ? {} : { tightHanUnits: HAN_UNITS }), ...(vertical ? { tightAt: uprightNumberEdges } : {}) }), // T1–T5
    ...(vertical ? [tateChuYoko] : []), // T24
    wrapMarks, // T10, T11: the spans their CSS needs
    compression, // T15
  ];
}

export function typesetTree(tree: Root, rules: readonly TextRule[]): Root {
  const copy = structuredClone(tree);
  applyRules(copy, rules);
  return copy;
}

/**
 * The book with its text typeset. `known` may give a chapter's typeset tree
 * already made (from the cache: typeset/cached.ts), so it is not made again.
 */
export function typeset(book: Book, known: (position: number) => Root | undefined = () => undefined): Book {
  const rules = textRules(book.config);
  const text = (s: string) => applyRulesToString(s, rules);
  const { config } = book;
  return {
    ...book,
    config: { ...config, title: text(config.title), ...(config.subtitle ? { subtitle: text(config.subtitle) } : {}) },
    chapters: book.chapters.map((chapter, position) => ({
      ...chapter,
      title: text(chapter.title),
      sections: chapter.sections.map((s) => ({ ...s, title: text(s.title) })),
      // Headings break between phrases only (<wbr>), never inside a word.
      tree: known(position) ?? markHeadingBreaks(typesetTree(chapter.tree, rules), config.language),
    })),
  };
}
