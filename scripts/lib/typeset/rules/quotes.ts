// Quotation marks for zh-Hant (spec T8; clreq §indication_punctuation_marks:
// "Taiwan will apply single quotation marks first, followed by double … 「」 …
// 『』", and corner brackets are what vertical text needs, P17). `“…”`, `‘…’`
// and straight `"…"`, `'…'` become 「…」, a quotation inside one becomes 『…』
// and a third level 「…」 again. The level comes from the nesting, counting the
// corner brackets already in the text (`「這是“作戰室”」` → `「這是『作戰室』」`),
// never from which mark was typed. Marks are paired on a stack; an unpaired
// mark (a multi-paragraph quotation, a stray `"`) is left for lint. A pair is
// converted only when its content has Han or its nearest outside neighbour is
// Chinese, so apostrophes (`Grok's`) and pure-English quotations stay. The
// corner brackets already typed are never rewritten (pitfall P8: zhlint's
// default turns them into “”).

import { ELLIPSIS_OR_DASH, FULLWIDTH_PUNCTUATION, HAN, type TextEdit, type TextRule, charAt, charBefore, isHan, isLatin, neighbour, onlyWhere } from '../rule.ts';

interface Pair {
  open: number;
  close: number;
  parent: Pair | undefined;
  /** The opening corner bracket it has, or will have once converted. */
  style: '「' | '『' | undefined;
}

const QUOTE_MARKS = `"'“”‘’「」『』`;
const CONTAINS_HAN = new RegExp(`[${HAN}]`, 'u');
const SPACE = /^[ \t\n]$/u;

/** `Grok's`, `don’t`: a mark between two Latin letters or digits is an apostrophe. */
function isApostrophe(text: string, index: number): boolean {
  return isLatin(charBefore(text, index)) && isLatin(charAt(text, index + 1));
}

/**
 * A straight mark at `index` touches text on the side `step` (`"` in `5" 螢幕`
 * does not on its right). Spaces before an ellipsis or a dash do not count,
 * because T9 and T10 remove them: `" —— "` pairs the same before and after.
 */
function touchesText(text: string, index: number, step: -1 | 1): boolean {
  let at = step < 0 ? index : index + 1;
  let char = step < 0 ? charBefore(text, at) : charAt(text, at);
  while (char !== undefined && SPACE.test(char)) {
    at += step;
    char = step < 0 ? charBefore(text, at) : charAt(text, at);
  }
  if (char === undefined || /\s/u.test(char)) return false; // NBSP and U+3000 are spaces too
  return at === (step < 0 ? index : index + 1) || ELLIPSIS_OR_DASH.includes(char);
}

/** Pair the quotation marks of `text`, innermost first. */
function pairQuotes(text: string): { open: number; close: number }[] {
  const pairs: { open: number; close: number }[] = [];
  const stack: number[] = [];
  /** Close the innermost open mark accepted by `opens`; marks above it were never closed and stay unpaired. */
  const close = (index: number, opens: string): boolean => {
    for (let k = stack.length - 1; k >= 0; k--) {
      if (!opens.includes(text[stack[k]!]!)) continue;
      pairs.push({ open: stack[k]!, close: index });
      stack.length = k;
      return true;
    }
    return false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if ('「『“‘'.includes(char)) stack.push(i);
    else if (char === '」') close(i, '「');
    else if (char === '』') close(i, '『');
    else if (char === '”') close(i, '“"');
    else if (char === '’') {
      if (!isApostrophe(text, i)) close(i, "‘'");
    } else if (char === '"' || char === "'") {
      if (char === "'" && isApostrophe(text, i)) continue;
      // A straight mark closes an open one of its kind if it follows text, else opens if text follows.
      if (touchesText(text, i, -1) && close(i, char)) continue;
      if (touchesText(text, i, 1)) stack.push(i);
    }
  }
  return pairs.sort((a, b) => a.open - b.open);
}

/** The first character outside a quotation, past spaces, other quotation marks, ellipses and dashes, reads as Chinese. */
function chineseOutside(text: string, index: number, step: -1 | 1): boolean {
  const { char, at } = neighbour(text, index, step, QUOTE_MARKS);
  if (char === undefined) return false;
  if (isHan(char) || FULLWIDTH_PUNCTUATION.includes(char)) return true;
  // `說:"…"` or `"…",他說`: half-width punctuation that T6 turns full-width, as Han or a bracket is beyond it
  // (quotation marks are passed over, as they may be corner brackets by then).
  if (!',:;!?.'.includes(char)) return false;
  const beyond = neighbour(text, at + step, step, QUOTE_MARKS).char;
  return isHan(beyond) || (beyond !== undefined && (step < 0 ? '」』）》〉】〕' : '「『（《〈【〔').includes(beyond));
}

/** For each offset, how many unpaired corner brackets come before it. */
function strayCornerBracketsBefore(text: string, paired: ReadonlySet<number>): number[] {
  const counts = [0];
  for (let i = 0; i < text.length; i++) counts.push(counts[i]! + ('「」『』'.includes(text[i]!) && !paired.has(i) ? 1 : 0));
  return counts;
}

/** The marks T8 converts (onlyWhere): a run with none of them has nothing to pair. */
const CONVERTIBLE_MARK = /["'“”‘’]/u;

export const cornerQuotes: TextRule = onlyWhere(CONVERTIBLE_MARK, (text) => {
  const edits: TextEdit[] = [];
  const enclosing: Pair[] = [];
  const pairs = pairQuotes(text);
  const strays = strayCornerBracketsBefore(text, new Set(pairs.flatMap(({ open, close }) => [open, close])));
  for (const { open, close } of pairs) {
    while (enclosing.length && enclosing.at(-1)!.close < open) enclosing.pop();
    const pair: Pair = { open, close, parent: enclosing.at(-1), style: undefined };
    enclosing.push(pair);
    const typed = text[open]!;
    if (typed === '「' || typed === '『') {
      pair.style = typed;
      continue;
    }
    // A pair around a stray corner bracket (`"甲」乙"`) is left alone: converting it would pair them anew.
    const chinese =
      strays[close] === strays[open + 1] &&
      (CONTAINS_HAN.test(text.slice(open + 1, close)) || chineseOutside(text, open, -1) || chineseOutside(text, close + 1, 1));
    if (!chinese) continue;
    let outer = pair.parent;
    while (outer && !outer.style) outer = outer.parent;
    pair.style = outer?.style === '「' ? '『' : '「';
    edits.push({ start: open, end: open + 1, text: pair.style }, { start: close, end: close + 1, text: pair.style === '「' ? '」' : '』' });
  }
  return edits;
});
