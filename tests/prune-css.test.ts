// The EPUB stylesheet keeps only rules a document can match (CSS-024, C37).

import { describe, expect, it } from 'vitest';
import { pruneUnusedClasses, usedClasses } from '../scripts/lib/prune-css.ts';

describe('pruneUnusedClasses', () => {
  const css = 'p { margin: 0 } .tcy { x: 1 } a.url, code { y: 2 } .pt-halt { z: 3 } @media (prefers-color-scheme: dark) { .tcy { w: 4 } } @page { @bottom-center { content: counter(page) } }';
  const used = usedClasses(['<p class="pt-halt">x</p>', '<span class="a  b">y</span>']);

  it('reads class names from class attributes', () => {
    expect([...used].sort()).toEqual(['a', 'b', 'pt-halt']);
  });

  it('drops rules and selectors that name an unused class, keeps the rest', () => {
    const out = pruneUnusedClasses(css, used);
    expect(out).toContain('p { margin: 0 }');
    expect(out).toContain('.pt-halt { z: 3 }');
    expect(out).toContain('code { y: 2 }');
    expect(out).not.toContain('.tcy');
    expect(out).not.toContain('a.url');
    expect(out).not.toContain('@media');
    expect(out).toContain('@page');
  });
});
