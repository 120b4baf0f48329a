// The engine under every text rule: run a TextRule over each run of a tree
// and write its edits back into the text nodes, never into an atom (code,
// ruby, footnote reference, autolink) nor into a URL or e-mail address typed
// as plain text (spec T3, P4).

import type { Element, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import { textRuns, type Run, type Segment } from './text-runs.ts';
import type { TextEdit, TextRule } from './rule.ts';

/** URLs and e-mail addresses in running text (spec T3): no rule edits inside them. */
const PROTECTED = /\b(?:https?|ftp):\/\/[^\s<>「」『』（），。、；！？]+|\bwww\.[^\s<>「」『』（），。、；！？]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;

/** What every match of PROTECTED holds: a run without it (most) is spared the slow search. */
const MAY_BE_PROTECTED = /:\/\/|www\.|@/i;

function protectedRanges(run: Run): [number, number][] {
  const found = MAY_BE_PROTECTED.test(run.text) ? [...run.text.matchAll(PROTECTED)] : [];
  const ranges: [number, number][] = found.map((m) => [m.index, m.index + m[0].length]);
  for (const s of run.segments) if (s.kind === 'atom') ranges.push([s.start, s.end]);
  return ranges;
}

/** An edit may touch a protected range's edges (insert beside it) but not its inside. */
function isAllowed(edit: TextEdit, ranges: readonly [number, number][]): boolean {
  return ranges.every(([from, to]) => (edit.start === edit.end ? edit.start <= from || edit.start >= to : edit.end <= from || edit.start >= to));
}

type TextSegment = Extract<Segment, { kind: 'text' }>;

/** Where an insertion at `at` goes: inside a node, else the outer of two neighbours (spec T4), else the left. */
function insertionTarget(segments: readonly TextSegment[], at: number): TextSegment | undefined {
  const inside = segments.find((s) => s.start < at && at < s.end);
  if (inside) return inside;
  const left = segments.find((s) => s.end === at);
  const right = segments.find((s) => s.start === at);
  if (left && right) return right.depth < left.depth ? right : left;
  return left ?? right;
}

/** Apply a rule's edits to one run; the number of changes made. */
function applyToRun(run: Run, edits: readonly TextEdit[]): number {
  if (edits.length === 0) return 0;
  let changes = 0;
  const ranges = protectedRanges(run);
  const texts = run.segments.filter((s): s is TextSegment => s.kind === 'text');
  const accepted: TextEdit[] = [];
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = accepted.at(-1);
    if (last && edit.start < last.end) continue; // overlapping: the first one wins
    if (isAllowed(edit, ranges)) accepted.push(edit);
  }
  // From the end, so the offsets of earlier edits stay valid.
  for (const edit of accepted.reverse()) {
    if (edit.className !== undefined) {
      if (wrap(texts, edit, edit.className)) changes += 1;
      continue;
    }
    if (edit.start === edit.end) {
      const target = insertionTarget(texts, edit.start);
      if (!target) continue;
      const offset = edit.start - target.start;
      target.node.value = target.node.value.slice(0, offset) + edit.text + target.node.value.slice(offset);
      changes += 1;
      continue;
    }
    if (run.text.slice(edit.start, edit.end) === edit.text) continue;
    changes += 1;
    const touched = texts.filter((s) => s.start < edit.end && edit.start < s.end);
    touched.forEach((segment, i) => {
      const from = Math.max(edit.start, segment.start) - segment.start;
      const to = Math.min(edit.end, segment.end) - segment.start;
      // The replacement goes where the edit starts; the rest of the range is removed.
      const replacement = i === 0 ? edit.text : '';
      segment.node.value = segment.node.value.slice(0, from) + replacement + segment.node.value.slice(to);
    });
  }
  return changes;
}

/** Replace a range inside one text node by a `<span class>` holding the replacement. */
function wrap(texts: readonly TextSegment[], edit: TextEdit, className: string): boolean {
  const segment = texts.find((s) => s.start <= edit.start && edit.end <= s.end);
  if (!segment || segment.classes.includes(className)) return false;
  const value = segment.node.value;
  const from = edit.start - segment.start;
  const to = edit.end - segment.start;
  const span: Element = { type: 'element', tagName: 'span', properties: { className: [className] }, children: [{ type: 'text', value: edit.text }] };
  const rest: Text = { type: 'text', value: value.slice(to) };
  segment.node.value = value.slice(0, from);
  const siblings = segment.parent.children as (Element | Text)[];
  siblings.splice(siblings.indexOf(segment.node) + 1, 0, span, ...(rest.value ? [rest] : []));
  return true;
}

/** Apply `rule` to every run of the tree, in place; the number of changes made. */
export function applyRule(tree: Root | Element, rule: TextRule): number {
  return applyToRuns(textRuns(tree), rule);
}

/** Apply a rule to runs read from a tree; the number of changes made. */
function applyToRuns(runs: readonly Run[], rule: TextRule): number {
  let changes = 0;
  for (const run of runs) changes += applyToRun(run, rule(run.text));
  return changes;
}

/** Passes over a tree at most; real text settles in one or two. */
const MAX_PASSES = 4;

/**
 * Run the rules in order, and again until a pass changes nothing: one rule's
 * output can give another a context it lacked (a T7 `（` makes a quote that
 * T8 saw as Latin Han-adjacent), and the stage as a whole must be idempotent (P2).
 */
export function applyRules(tree: Root | Element, rules: readonly TextRule[]): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changes = 0;
    // The runs are read again only after a rule changed the text (most rules find nothing to do).
    let runs = textRuns(tree);
    for (const rule of rules) {
      const made = applyToRuns(runs, rule);
      if (made > 0) runs = textRuns(tree);
      changes += made;
    }
    if (changes === 0) return;
  }
}

/** A rehype plugin (unified attacher) that applies `rule` to every run of the tree. */
export function rehypeTextRule(rule: TextRule) {
  return () => (tree: Root | Element) => {
    applyRule(tree, rule);
  };
}

/** Apply rules to a plain string, as the engine would to a run without markup (titles, metadata). */
export function applyRulesToString(text: string, rules: readonly TextRule[]): string {
  const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: text }] }] };
  applyRules(tree, rules);
  // Spans a rule wrapped (CSS hooks) have no meaning in a plain string: keep their text.
  return toString(tree);
}
