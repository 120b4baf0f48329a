// Adjacent punctuation compression, 標點擠壓 (spec T15, P1, P10), at build time.
//
// clreq §h-adjustment_of_adjacent_punctuation_marks: when brackets meet other
// punctuation, the pair takes 1.5 em, not 2. Chromium does this natively
// (`text-spacing-trim: normal`) only when both marks come from one font file;
// @fontsource splits Noto Serif TC into unicode-range files and 」 and ， land
// in different ones, so natively `」，` stays 2 em (measured). Instead, the
// mark whose blank half faces its neighbour is wrapped in `span.pt-halt`,
// which switches on the font's own half-width forms (OpenType `halt`, `vhal`
// in vertical text), and the CSS turns native trimming off (`space-all`) so
// nothing is compressed twice. Readers whose font lacks `halt` show 2 em,
// which clreq notes many Taiwanese publications do anyway.
//
// Which mark is halved follows Chromium's zh-Hant classes (han_kerning.cc):
// 「『（《〈【〔 have their blank on the left, the closing ones on the right;
// ，。、：；！？ are centred in Taiwan and are never trimmed, so `。」` stays
// 2 em while `」，` becomes 1.5.
//
// One deviation from Chromium: an opening bracket after a centred mark
// (`，「`) is not halved. A line may break between the two, and a span cannot
// know where lines break: the 「 would start its line half-width, which T16
// forbids (native trimming restores it there; a build-time span cannot).
// Between two opening brackets (`（「`) no line can break, so that pair is
// compressed. A closing bracket is always safe to halve: kinsoku keeps the
// mark after it on the same line, or the bracket ends the line, where
// Chromium trims it anyway.

import type { TextEdit, TextRule } from '../rule.ts';

export const HALF_WIDTH_CLASS = 'pt-halt';

const OPENING = '「『（《〈【〔';
const CLOSING = '」』）》〉】〕';
const CENTRED = '，。、：；！？';
const PUNCTUATION = OPENING + CLOSING + CENTRED;

/** Two or more marks in a row: only there do two meet (found by one search, not a test at every character). */
const ADJACENT_MARKS = new RegExp(`[${PUNCTUATION}]{2,}`, 'gu');

export const compression: TextRule = (text) => {
  const halved = new Set<number>();
  for (const { 0: marks, index } of text.matchAll(ADJACENT_MARKS)) {
    for (let i = index; i + 1 < index + marks.length; i++) {
      const a = text[i]!;
      const b = text[i + 1]!;
      // The blank between the two is the closing mark's right half, else the opening mark's left half.
      if (CLOSING.includes(a)) halved.add(i);
      else if (OPENING.includes(a) && OPENING.includes(b)) halved.add(i + 1);
    }
  }
  return [...halved].map((i): TextEdit => ({ start: i, end: i + 1, text: text[i]!, className: HALF_WIDTH_CLASS }));
};
