// Typography rules look across inline markup: in `**深度求索**\n發布` the line
// break sits between a character inside <strong> and one outside it. A run is
// the text nodes of one block in reading order, with protected subtrees
// (code, ruby annotations, …) cut out, so a rule sees each node's neighbours.

import type { Element, Root, Text } from 'hast';

/** Elements whose text no typography rule may touch (spec/typography.md T3). */
const PROTECTED = new Set(['code', 'kbd', 'samp', 'pre', 'math', 'script', 'style', 'rt', 'rp', 'svg']);

/** Elements that start a new run: a rule never joins text across them. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'section',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'br', 'img',
]);

function isProtected(node: Element): boolean {
  const className = node.properties.className;
  return (
    PROTECTED.has(node.tagName) ||
    node.properties.translate === 'no' ||
    (Array.isArray(className) && className.includes('no-typo'))
  );
}

/** Each run of text nodes that reads as one line of text, in document order. */
export function textRuns(tree: Root | Element): Text[][] {
  const runs: Text[][] = [];
  let current: Text[] = [];
  const cut = () => {
    if (current.length) runs.push(current);
    current = [];
  };
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type === 'text') current.push(child);
      else if (child.type === 'element') {
        if (isProtected(child)) {
          // Protected text still separates its neighbours, as an opaque word.
          cut();
          continue;
        }
        const block = BLOCKS.has(child.tagName);
        if (block) cut();
        walk(child);
        if (block) cut();
      }
    }
  };
  walk(tree);
  cut();
  return runs;
}
