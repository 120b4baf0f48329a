// Line breaks typed inside a Chinese paragraph must vanish, not become spaces.
// CSS Text 3 §4.1.3 (segment break transformation) removes a segment break
// between two East Asian Wide characters, but Chromium and most e-reader
// engines do not implement it and show a stray space (hast-util-to-text notes
// the same gap). So it is done here, on the tree, for every output.

import type { Root } from 'hast';
import { textRuns } from './text-runs.ts';

/** Wide (F/W) characters as CSS Text 3 means them, without Hangul, which keeps its spaces. */
const WIDE = String.raw`\p{Script=Han}\p{Script=Bopomofo}\p{Script=Hiragana}\p{Script=Katakana}\u2E80-\u2FFF\u3000-\u303F\u3200-\u33FF\uFE30-\uFE4F\uFF01-\uFF60\uFFE0-\uFFE6`;
const BREAK_BETWEEN_WIDE = new RegExp(`(?<=[${WIDE}])[ \\t]*\\n[ \\t]*(?=[${WIDE}])`, 'gu');

export default function rehypeJoinCjkLines() {
  return (tree: Root) => {
    for (const run of textRuns(tree)) {
      for (const [i, node] of run.entries()) {
        // Pad with the neighbours' edge characters so a break at a node edge
        // (`**深度求索**\n發布`) is judged by the characters around it.
        const before = /.$/su.exec(run[i - 1]?.value ?? '')?.[0] ?? '';
        const after = /^./su.exec(run[i + 1]?.value ?? '')?.[0] ?? '';
        const joined = (before + node.value + after).replace(BREAK_BETWEEN_WIDE, '');
        node.value = joined.slice(before.length, joined.length - after.length);
      }
    }
  };
}
