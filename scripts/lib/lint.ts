// The typography linter (spec T30): what the build will not fix by itself,
// reported at the manuscript line and column. Runs on the typeset trees, so it
// sees what a reader will see, not what the author typed. Pure.

import type { Root } from 'hast';
import type { Book } from './book.ts';
import type { Diagnostic } from './diagnostics.ts';
import { missingGlyphMessage, type FontSource } from './font-chain.ts';
import { HAN } from './typeset/rule.ts';
import { textRuns, type Run } from './typeset/text-runs.ts';

export interface LintRule {
  id: string;
  /** Each problem's offset in the run's text, and what to say about it. */
  check: (text: string) => { index: number; message: string }[];
}

const matches = (pattern: RegExp, message: (m: RegExpExecArray) => string) => (text: string) =>
  [...text.matchAll(pattern)].map((m) => ({ index: m.index, message: message(m) }));

export const LINT_RULES: readonly LintRule[] = [
  {
    // sparanoid 「不重複使用標點符號」.
    id: 'repeated-punctuation',
    check: matches(/([！？!?])\1+/gu, (m) => `Unexpected repeated "${m[0]}", expected one mark`),
  },
  {
    id: 'period-before-fullwidth',
    check: matches(/(?<=[A-Za-z0-9])\.(?=[，。])/gu, (m) => `Unexpected "${m[0]}" before full-width punctuation, expected one sentence mark`),
  },
  {
    // What T6/T7 left half-width beside Han, e.g. inside a table or next to markup.
    id: 'halfwidth-in-han',
    check: matches(new RegExp(`(?<=[${HAN}])[,()]|[,()](?=[${HAN}])`, 'gu'), (m) => `Unexpected half-width "${m[0]}" beside Han characters, expected its full-width form`),
  },
  {
    // clreq §first_line_indents: the indent is the stylesheet's (T19).
    id: 'ideographic-space-indent',
    check: matches(/^\u3000+/gu, () => 'Unexpected U+3000 indent, expected none: paragraphs are indented by the stylesheet'),
  },
  {
    id: 'wrong-dash',
    check: matches(new RegExp(`(?<=[${HAN}])[ー─]+(?=[${HAN}])`, 'gu'), (m) => `Unexpected "${m[0]}" as a dash, expected "——" (two U+2014)`),
  },
];

/** Line and column of `index` in a run, from the position of the text node that holds it. */
function locate(run: Run, index: number): { line: number; column: number } | undefined {
  const segment = run.segments.find((s) => s.kind === 'text' && s.start <= index && index < s.end);
  if (!segment || segment.kind !== 'text' || !segment.node.position) return undefined;
  const before = segment.node.value.slice(0, index - segment.start).split('\n');
  const start = segment.node.position.start;
  return { line: start.line + before.length - 1, column: (before.length === 1 ? start.column : 1) + before.at(-1)!.length };
}

/**
 * Where a place in the typeset text was in the text as typed. Typesetting
 * adds spaces (Han–Latin), drops line ends (joined CJK lines) and spaces, and
 * swaps characters one for one (quotes, widths): walking both texts together
 * undoes that. Pure.
 */
export function typedOffset(typeset: string, typed: string, offset: number): number {
  let i = 0;
  let j = 0;
  while (i < offset && j < typed.length) {
    if (typeset[i] === typed[j]) {
      i++;
      j++;
    } else if (/\s/.test(typed[j]!)) j++;
    else if (/\s/.test(typeset[i]!)) i++;
    else {
      i++;
      j++;
    }
  }
  // The problem begins at a character, not at the line end or space before it.
  while (j < typed.length && /\s/.test(typed[j]!) && typed[j] !== typeset[offset]) j++;
  return j;
}

/**
 * Lint one chapter's typeset tree. `typed` is the same chapter before
 * typesetting: its text nodes still carry the manuscript's line ends and
 * positions, so problems are placed there (run by run: typesetting adds
 * inline spans, never blocks).
 */
function lintTree(tree: Root, file: string, rules: readonly LintRule[], typed?: Root): Diagnostic[] {
  const found: Diagnostic[] = [];
  const runs = textRuns(tree);
  const typedRuns = typed ? textRuns(typed) : [];
  const aligned = typedRuns.length === runs.length;
  runs.forEach((run, r) => {
    for (const rule of rules) {
      for (const problem of rule.check(run.text)) {
        const place = (aligned ? locate(typedRuns[r]!, typedOffset(run.text, typedRuns[r]!.text, problem.index)) : locate(run, problem.index)) ?? { line: 1, column: 1 };
        found.push({ file, ...place, severity: 'warning', message: problem.message, ruleId: `typography:${rule.id}` });
      }
    }
  });
  return found;
}

/**
 * T30 also lists mixed quotation styles: T8 already turns every quotation
 * with Han inside or beside it into 「」, so the “” left are English
 * quotations, which keep their own marks; there is nothing left to report.
 */
export function lintBook(book: Book, rules: readonly LintRule[] = LINT_RULES, typed?: Book): Diagnostic[] {
  return book.chapters.flatMap((c, i) => lintTree(c.tree, c.file, rules, typed?.chapters[i]?.tree));
}

/**
 * A character no font of the book's chain has, at its first place in the
 * manuscript (spec C31: no tofu reaches a reader unannounced). It is printed
 * as the placeholder's crossed box; `--strict` makes this an error. `absent`
 * are the chain's system fonts that are not installed, which might have it.
 */
export function missingGlyphWarnings(book: Book, missing: readonly string[], configFile: string, absent: readonly FontSource[] = [], severity: Diagnostic['severity'] = 'warning'): Diagnostic[] {
  const packages = [...new Set(absent.flatMap((s) => ('debianPackage' in s ? [s.debianPackage] : [])))];
  const hint = packages.length ? ` (${packages.join(', ')} is not installed and may have it: apt-get install ${packages.join(' ')})` : '';
  return missing.map((char): Diagnostic => {
    const message = `${missingGlyphMessage(char)}${hint}`;
    for (const chapter of book.chapters) {
      for (const run of textRuns(chapter.tree)) {
        const index = run.text.indexOf(char);
        if (index === -1) continue;
        const place = locate(run, index) ?? { line: 1, column: 1 };
        return { file: chapter.file, ...place, severity, message, ruleId: 'fonts:missing-glyph' };
      }
    }
    return { file: configFile, line: 1, column: 1, severity, message: `${message}, in the book's metadata`, ruleId: 'fonts:missing-glyph' };
  });
}
