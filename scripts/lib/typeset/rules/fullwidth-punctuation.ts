// Half-width punctuation in Chinese text becomes full-width (spec T6, T7;
// clreq §indication_punctuation_marks, whose Taiwan parentheses are U+FF08 and
// U+FF09; the sparanoid guide's 「使用全形中文標點」 and, for the exceptions,
// 「遇到完整的英文整句、特殊名詞，其內容使用半形標點」). `( )` → `（ ）` when the
// content has Han or the outside-left neighbour is Chinese; Latin-only
// parentheses after Latin (`H800 (80GB)`) stay (T7). `, : ; ! ?` and runs such
// as `?!` → `，：；！？` after Han or a full-width closing bracket, and `, : ;`
// also right before Han (`Grok 3,馬斯克`); `.` → `。` only after Han (or a
// bracket, or `%`) and before Han, a closing bracket or the end of the run (T6). Latin keeps its marks, as
// their left neighbour is not Han: decimals and thousands (`3.5`, `5,888`),
// domains and e-mail (`gmail.com`), abbreviations (`Mr.`, `e.g.`), times
// (`10:30`) and whole English sentences, in 「」 too (`「Stay hungry, stay
// foolish.」`). A Latin word and `.` before Han is for lint (T30), and so is
// anything after a footnote reference, across which no rule acts.

import { ATOM, FULLWIDTH_PUNCTUATION, HAN, type TextEdit, type TextRule, applyTextEdits, charAt, charBefore, isHan, neighbour, onlyWhere } from '../rule.ts';
import { cornerQuotes } from './quotes.ts';

const FULLWIDTH: Record<string, string> = { ',': '，', ':': '：', ';': '；', '!': '！', '?': '？', '.': '。', '(': '（', ')': '）' };
const CLOSING_BRACKETS = '」』）》〉】〕';
const OPENING_BRACKETS = '「『（《〈【〔';
/** Marks that may end a quotation, so may follow the `。` inside it: `他說"分解."`. */
const CLOSING_MARKS = `${CLOSING_BRACKETS})"'”’`;
/** Signs that end a number, never an abbreviation or a domain. */
const NUMBER_SIGNS = '%‰°℃';
const SPACE = /^[ \t\n]$/u;
const CONTAINS_HAN = new RegExp(`[${HAN}]`, 'u');

/** `char` is one of `chars` (and not the edge of the run). */
const among = (chars: string, char: string | undefined) => char !== undefined && chars.includes(char);

/** The text before `index` ends Chinese: in Han or a full-width closing bracket, past spaces, an ellipsis or a dash. */
function endsChinese(text: string, index: number): boolean {
  const before = neighbour(text, index, -1).char;
  return isHan(before) || among(CLOSING_BRACKETS, before);
}

/** T7: is the pair of parentheses at `open` and `close` Chinese? */
function isChineseParenthesis(text: string, open: number, close: number): boolean {
  if (CONTAINS_HAN.test(text.slice(open + 1, close))) return true;
  const before = neighbour(text, open, -1).char;
  if (before !== undefined && before !== ATOM.opaque) return isHan(before) || among(FULLWIDTH_PUNCTUATION, before);
  // Nothing on the left (start of the run, or an opaque atom): `(brute force)模式` is still Chinese.
  return isHan(neighbour(text, close + 1, 1).char);
}

/** T7: edits for `(`/`)` in Chinese pairs, pairing on a stack; a half-typed pair (`(…）`) is completed. */
function parenthesisEdits(text: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const opens: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '(' || char === '（') opens.push(i);
    else if (char === ')' || char === '）') {
      const open = opens.pop();
      // An unmatched `)` is a list marker or an emoticon (`a)`, `:)`): leave it.
      if (open === undefined || !isChineseParenthesis(text, open, i)) continue;
      if (text[open] === '(') edits.push({ start: open, end: open + 1, text: '（' });
      if (char === ')') edits.push({ start: i, end: i + 1, text: '）' });
    }
  }
  return edits;
}

/** T6: edits for `, : ; ! ? .` in Chinese text. */
function stopEdits(text: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const replace = (start: number, end: number) => {
    for (let i = start; i < end; i++) edits.push({ start: i, end: i + 1, text: FULLWIDTH[text[i]!]! });
  };
  for (const { 0: run, index } of text.matchAll(/[,:;!?]+/gu)) {
    const end = index + run.length;
    const after = charAt(text, end);
    // `Grok 3,馬斯克`: a comma, colon or semicolon right before Han is Chinese whatever precedes it;
    // `!` and `?` are not, as they belong to names such as `Yahoo!奇摩`.
    const pauseBeforeHan = /^[,:;]+$/u.test(run) && (isHan(after) || among(OPENING_BRACKETS, after));
    if (endsChinese(text, index) || pauseBeforeHan) replace(index, end);
  }
  for (const { index } of text.matchAll(/(?<!\.)\.(?!\.)/gu)) {
    const before = charBefore(text, index);
    let right = index + 1;
    while (right < text.length && SPACE.test(text[right]!)) right++;
    const after = charAt(text, right);
    const chineseAfter = isHan(after) || among(CLOSING_BRACKETS, after);
    // `分解.`, `「時刻」.無論`: after Han or a bracket, at the end of a clause.
    const stopAfterHan = (isHan(before) || among(CLOSING_BRACKETS, before)) && (chineseAfter || after === undefined || among(CLOSING_MARKS, after));
    // `上漲0.2%.人工`: a percentage ends a Chinese sentence too; a bare digit does not (`1.前言` numbers a list).
    const stopAfterPercentage = among(NUMBER_SIGNS, before) && chineseAfter;
    if (stopAfterHan || stopAfterPercentage) replace(index, index + 1);
  }
  return edits;
}

/** What T6 and T7 may change (onlyWhere): a run without any of these, most Chinese prose, is spared the passes below. */
const HALF_WIDTH_MARK = /[(),:;!?.]/u;

export const fullwidthPunctuation: TextRule = onlyWhere(HALF_WIDTH_MARK, (text) => {
  // T6 and T7 read each other's results (`(Mark),稱` needs `）` before its comma, `:(…)` a `：` before its
  // bracket) and T8's (`"AI"!` after Han is `「AI」！`, whichever rule the engine runs first). So each step
  // decides on a view with the quotation marks converted, and both repeat until nothing changes; as every
  // step only turns a half-width mark full-width, this ends.
  const withQuotes = (s: string) => applyTextEdits(s, cornerQuotes(s));
  let settled = text;
  for (;;) {
    const bracketed = applyTextEdits(settled, parenthesisEdits(withQuotes(settled)));
    const next = applyTextEdits(bracketed, stopEdits(withQuotes(bracketed)));
    if (next === settled) break;
    settled = next;
  }
  // Every replacement is one BMP character for another, so offsets in `settled` are offsets in `text`.
  const edits: TextEdit[] = [];
  for (let i = 0; i < text.length; i++) if (settled[i] !== text[i]) edits.push({ start: i, end: i + 1, text: settled[i]! });
  return edits;
});
