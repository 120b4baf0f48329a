// Half-width punctuation in Chinese text becomes full-width (spec T6, T7), with the Latin exceptions.

import { describe, expect, it } from 'vitest';
import { applyTextEdits } from '../../../scripts/lib/typeset/rule.ts';
import { fullwidthPunctuation } from '../../../scripts/lib/typeset/rules/fullwidth-punctuation.ts';
import { type RuleCase, describeRule, seedLines } from './harness.ts';

const apply = (text: string) => applyTextEdits(text, fullwidthPunctuation(text));

/** [what, input, expected output of this rule alone] */
const cases: RuleCase[] = [
  // T6, from the spec table (the space beside Reddit comes later, from T1).
  ['T6: comma after Han', '在Reddit的問答環節中,奧爾特曼說', '在Reddit的問答環節中，奧爾特曼說'],
  ['T6: stop between Han, question mark at the end', '請看看我以下的分解.為什麼呢?', '請看看我以下的分解。為什麼呢？'],
  ['T6: a whole English sentence in 「」 keeps its marks', '賈伯斯說：「Stay hungry, stay foolish.」', '賈伯斯說：「Stay hungry, stay foolish.」'],
  ['T6: only the colon before the English sentence changes', '賈伯斯說:「Stay hungry, stay foolish.」', '賈伯斯說：「Stay hungry, stay foolish.」'],
  ['T6: a decimal keeps its point', '下跌3.5%', '下跌3.5%'],
  ['T6: ?! after Han', '真的嗎?!', '真的嗎？！'],
  ['T6: !? and !! after Han (repetition is for lint, T30)', '贏了!?竟然戰勝了巴西隊!!', '贏了！？竟然戰勝了巴西隊！！'],
  ['T6: comma after a full-width closing bracket', '「作戰室」,來分析', '「作戰室」，來分析'],
  ['T6: semicolon after a book title', '《同路人》;雜誌', '《同路人》；雜誌'],
  ['T6: colon after Han, before a time', '時間:10:30', '時間：10:30'],
  // T6 exceptions: numbers, domains, e-mail, abbreviations, times.
  ['thousands separator', '蒸發了5,888億美元', '蒸發了5,888億美元'],
  ['the comma after a percentage is Chinese', '下跌3.5%,標準普爾', '下跌3.5%，標準普爾'],
  ['e-mail (T3)', '余創豪 chonghoyu@gmail.com', '余創豪 chonghoyu@gmail.com'],
  ['a domain after Han', '網址是中文.tw', '網址是中文.tw'],
  ['Mr. before Latin', '例如Mr. Smith說', '例如Mr. Smith說'],
  ['e.g. before Han is lint-only', '例如e.g.中文', '例如e.g.中文'],
  ['a Latin word and a stop before Han is lint-only', '公司Inc.宣布', '公司Inc.宣布'],
  ['a time', '會議在10:30開始', '會議在10:30開始'],
  ['an English sentence in a Chinese paragraph', '他說 Hello, world! 然後', '他說 Hello, world! 然後'],
  ['a URL (T3, P4)', 'https://www.youtube.com/watch?v=udCMEChdawQ', 'https://www.youtube.com/watch?v=udCMEChdawQ'],
  ['Yahoo! is a name, even before Han', 'Yahoo!奇摩', 'Yahoo!奇摩'],
  ['two dots are not a stop', '分解..', '分解..'],
  ['an ellipsis is left to T9', '卻有所保留...為什麼呢?', '卻有所保留...為什麼呢？'],
  ['the ellipsis before ? belongs to the Han clause', '真的嗎……?', '真的嗎……？'],
  ['a dash before ? belongs to the Han clause', '真的嗎—?', '真的嗎—？'],
  // T6 beyond the table (a Taiwanese editor would expect these).
  ['stop at the end of the run', '請看看我以下的分解.', '請看看我以下的分解。'],
  ['stop before a closing bracket', '「分解.」', '「分解。」'],
  ['stop before a closing quotation mark still to convert (T8)', '他說"分解."', '他說"分解。"'],
  ['stop before a space and Han (T2 removes the space)', '分解. 為什麼', '分解。 為什麼'],
  ['stop before Latin stays', '中文. English', '中文. English'],
  ['comma after a space after Han (T2 removes the space)', '中文 ,然後', '中文 ，然後'],
  ['comma between Latin and Han (seed: Grok 3，馬斯克)', 'Grok 3,馬斯克', 'Grok 3，馬斯克'],
  ['colon between Latin and Han', 'Note:中文', 'Note：中文'],
  ['comma before Latin and Han stays before a space', 'Grok 3, 馬斯克', 'Grok 3, 馬斯克'],
  ['stop after a closing bracket (seed line 14 typed half-width)', '「斯普尼特克時刻」.無論如何', '「斯普尼特克時刻」。無論如何'],
  ['stop after a percentage, before Han (seed line 10 typed half-width)', '小幅上漲0.2%.人工智能', '小幅上漲0.2%。人工智能'],
  ['a percentage and a stop at the end may be English', 'rose 0.2%.', 'rose 0.2%.'],
  ['a digit and a stop number a list', '1.前言', '1.前言'],
  ['a Latin word and a stop before Han is lint-only (seed line 32)', '改變OpenAI.在深度求索', '改變OpenAI.在深度求索'],
  ['a stop between Latin words stays (seed line 20)', 'ChatGPT.Grok 3', 'ChatGPT.Grok 3'],
  ['P7: Western strings stay', '1/4 em, a/b, USB-C, Google DeepMind', '1/4 em, a/b, USB-C, Google DeepMind'],
  ['comma after a quotation closed after Han (T8 may run later)', '公司"站在了歷史的錯誤一邊",故此', '公司"站在了歷史的錯誤一邊"，故此'],
  // T7, from the spec table and P6.
  ['T7: Latin content after Han', '安德森(Mark Andreessen)稱', '安德森（Mark Andreessen）稱'],
  ['T7: brute force', '蠻力(brute force)模式', '蠻力（brute force）模式'],
  ['T7: Latin-only parentheses after Latin stay', 'H800 (80GB)', 'H800 (80GB)'],
  ['P6: filter', '濾波器(filter)', '濾波器（filter）'],
  ['T7: Han content after Latin', 'ChatGPT(聊天機器人)', 'ChatGPT（聊天機器人）'],
  ['T7: Latin content after Latin, before Han', 'Meta (Facebook)的', 'Meta (Facebook)的'],
  ['T7: at the start of a run, before Han', '(brute force)模式', '（brute force）模式'],
  ['T7: after a space after Han (T2 removes the space)', '安德森 (Mark Andreessen)稱', '安德森 （Mark Andreessen）稱'],
  ['T7: after full-width punctuation', '，(NMRI)', '，（NMRI）'],
  ['T7: nested', '(甲(乙)丙)', '（甲（乙）丙）'],
  ['T7: a half-typed pair is completed', '安德森(Mark Andreessen）稱', '安德森（Mark Andreessen）稱'],
  ['T7 then T6: the comma sees the converted bracket', '安德森(Mark Andreessen),稱', '安德森（Mark Andreessen），稱'],
  ['T7 then T6: the stop sees the converted bracket', '(分解.)', '（分解。）'],
  ['T7: seed already full-width', '安德森（Mark Andreessen）稱', '安德森（Mark Andreessen）稱'],
  ['T7: a Markdown link left as text', '[更多資訊](#)', '[更多資訊](#)'],
  ['T7: unmatched brackets stay', '中文:) a) (中', '中文：) a) (中'],
  // Atoms: code reads as Latin, ruby as Han, footnote references as neither.
  ['P14: comma after code stays full-width', '圍繞\uE000，進行', '圍繞\uE000，進行'],
  ['P14: a half-width comma after code before Han', '圍繞\uE000,進行', '圍繞\uE000，進行'],
  ['a colon after code before Latin stays', '\uE000:a', '\uE000:a'],
  ['a comma after ruby', '\uE001,然後', '\uE001，然後'],
  ['a stop after ruby', '\uE001.然後', '\uE001。然後'],
  ['a comma after a footnote reference, before Han', '人工智慧\uE002,然後', '人工智慧\uE002，然後'],
  ['a stop before a footnote reference: nothing acts across it', '人工智慧.\uE002', '人工智慧.\uE002'],
  ['parentheses around a footnote reference after Han', '人工智慧(\uE002)', '人工智慧（\uE002）'],
  ['parentheses after a footnote reference, Latin inside, Han after', '\uE002(AI)的', '\uE002（AI）的'],
  ['astral Han counts', '𠀋,𠀋.', '𠀋，𠀋。'],
];

/** What random test strings are made of: Han (one astral), Latin, spaces, atoms, and the marks this rule reads. */
const ALPHABET = ['中', '文', '說', '𠀋', 'A', 'b', '3', '0', ' ', '\n', '，', '」', '「', '\uE000', '\uE001', '\uE002', ',', '.', ':', ';', '!', '?', '(', ')', '（', '）', '"', '…', '—', '%', '。'];

describeRule('fullwidthPunctuation (spec T6, T7)', fullwidthPunctuation, cases, ALPHABET);

describe('fullwidthPunctuation on the seed typed with half-width marks', () => {
  const half: Record<string, string> = { '，': ',', '。': '.', '：': ':', '？': '?', '（': '(', '）': ')' };
  // A Latin word and `.` is lint-only (T6), so `ChatGPT。Grok` and `OpenAI。在` keep their typed stop.
  const typeHalfWidth = (line: string) => line.replace(/[，：？（）]|(?<![A-Za-z0-9])。/gu, (c) => half[c]!);
  it.each(seedLines())('restores line %i', (_, line) => {
    expect(apply(typeHalfWidth(line))).toBe(line);
  });
});
