// Typography rules look across inline markup: in `**深度求索**R1發布` the
// boundary between 索 and R sits between a character inside <strong> and one
// outside it (spec T4). A run is the text of one block in reading order, as
// segments: text nodes (with their nesting depth, so an inserted space can go
// to the outer node) and atoms, the inline elements no rule may enter but
// every rule must see as a neighbour (code, ruby, footnote references).

import type { Element, Root, Text } from 'hast';
import { ATOM } from './rule.ts';

export type Segment =
  | { kind: 'text'; node: Text; parent: Root | Element; depth: number; classes: readonly string[]; start: number; end: number }
  | { kind: 'atom'; char: string; start: number; end: number };

export interface Run {
  text: string;
  segments: Segment[];
}

/** Elements that end one run and start another: rules never join text across them. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'section',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'br', 'img', 'pre', 'script', 'style', 'svg', 'template',
]);

/** Inline elements whose text no rule may touch (spec T3), and what they read as. */
const ATOMS: Record<string, string> = {
  code: ATOM.latin,
  kbd: ATOM.latin,
  samp: ATOM.latin,
  math: ATOM.latin,
  var: ATOM.latin,
  ruby: ATOM.han,
  sup: ATOM.opaque,
  sub: ATOM.opaque,
};

/** An autolink shows its own address: `<https://…>`, `<a href="mailto:x">x</a>`. */
function isAutolink(node: Element): boolean {
  if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return false;
  const text = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  return node.properties.href === text || node.properties.href === `mailto:${text}`;
}

/** `class="no-typo"` or `translate="no"`: the author asked for the text as typed. */
function isMarkedAsIs(node: Element): boolean {
  return node.properties.translate === 'no' || classNames(node).includes('no-typo');
}

function classNames(node: Element): string[] {
  const className = node.properties.className;
  return Array.isArray(className) ? className.map(String) : [];
}

/** Each run of text that reads as one line, in document order. */
export function textRuns(tree: Root | Element): Run[] {
  const runs: Run[] = [];
  let current: Run = { text: '', segments: [] };
  const cut = () => {
    if (current.segments.some((s) => s.kind === 'text')) runs.push(current);
    current = { text: '', segments: [] };
  };
  // Segments are built whole, each of one shape (a spread copy of each cost more than the rules that read them).
  const pushText = (node: Text, parent: Root | Element, depth: number, classes: readonly string[]) => {
    const start = current.text.length;
    current.text += node.value;
    current.segments.push({ kind: 'text', node, parent, depth, classes, start, end: current.text.length });
  };
  const pushAtom = (char: string) => {
    const start = current.text.length;
    current.text += char;
    current.segments.push({ kind: 'atom', char, start, end: current.text.length });
  };
  const walk = (node: Root | Element, depth: number, classes: readonly string[]) => {
    for (const child of node.children) {
      if (child.type === 'text') pushText(child, node, depth, classes);
      else if (child.type === 'element') {
        if (BLOCKS.has(child.tagName)) {
          cut();
          if (!['pre', 'script', 'style', 'svg', 'template'].includes(child.tagName)) walk(child, depth + 1, []);
          cut();
        } else if (ATOMS[child.tagName] || isAutolink(child) || isMarkedAsIs(child)) {
          // An autolink reads as the Latin it shows; text marked as-is touches nothing around it either.
          const char = ATOMS[child.tagName] ?? (isMarkedAsIs(child) ? ATOM.opaque : ATOM.latin);
          pushAtom(char);
        } else walk(child, depth + 1, [...classes, ...classNames(child)]);
      }
    }
  };
  walk(tree, 0, []);
  cut();
  return runs;
}
