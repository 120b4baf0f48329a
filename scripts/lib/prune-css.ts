// The EPUB's stylesheet, without the rules no document of this book can match.
// base.css serves every book (dashes, tate-chu-yoko, figures…); EPUBCheck
// flags class selectors no document uses (CSS-024, spec C37), and a reader
// has no use for them either. Pure.

import postcss, { type Rule } from 'postcss';

const CLASS = /\.(-?[_a-zA-Z][\w-]*)/g;

/** Class names that appear in `class="…"` attributes of the documents. */
export function usedClasses(documents: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const doc of documents) for (const [, value] of doc.matchAll(/\sclass="([^"]*)"/g)) for (const name of value!.split(/\s+/)) if (name) used.add(name);
  return used;
}

/** Drop each selector that names a class no document has, and each rule left with none. */
export function pruneUnusedClasses(css: string, used: ReadonlySet<string>): string {
  const root = postcss.parse(css);
  root.walkRules((rule: Rule) => {
    // Selectors inside @page and @font-face are not element selectors.
    const keep = rule.selectors.filter((selector) => [...selector.matchAll(CLASS)].every(([, name]) => used.has(name!)));
    if (keep.length === 0) rule.remove();
    else if (keep.length < rule.selectors.length) rule.selectors = keep;
  });
  root.walkAtRules('media', (media) => {
    if (!media.nodes?.length) media.remove();
  });
  return root.toString();
}
