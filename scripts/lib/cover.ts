// A typographic cover for books without a cover image, so that no library
// shows a blank tile: title, subtitle and author set in the book's face on a
// plain ground, as SVG (pure and deterministic; no browser needed). 1600 ×
// 2560 px, the 1:1.6 proportion e-book stores ask for.

import type { BookConfig } from './config.ts';
import { phrases } from './typeset/phrases.ts';

const WIDTH = 1600;
const HEIGHT = 2560;
const FONT = '"Noto Serif TC", "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU", serif';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A title in as few lines of at most `perLine` characters as its phrases
 * allow, as even as they allow: it breaks only between phrases (phrases.ts),
 * between words only where a phrase is longer than a line, and between
 * characters only where a word is.
 */
export function titleLines(title: string, perLine: number, lang = 'zh-Hant'): string[] {
  const fit = (pieces: string[], split: (piece: string) => string[]) => pieces.flatMap((p) => ([...p].length > perLine ? split(p) : [p]));
  // A phrase longer than a line breaks between its words (a phrase with no phrase breaks inside gets word breaks), then anywhere.
  const units = fit(fit(phrases(title, lang), (p) => phrases(p, lang)), (p) => [...p]);
  const length = (from: number, to: number) => [...units.slice(from, to).join('')].length;
  const total = length(0, units.length);
  for (let count = Math.ceil(total / perLine); count <= units.length; count++) {
    // best[i][k]: the evenest setting of units[0..i) in k lines (least sum of squared line lengths); cut[i][k] where its last line starts.
    const best = Array.from({ length: units.length + 1 }, () => Array<number>(count + 1).fill(Infinity));
    const cut = Array.from({ length: units.length + 1 }, () => Array<number>(count + 1).fill(0));
    best[0]![0] = 0;
    for (let i = 1; i <= units.length; i++) {
      for (let k = 1; k <= count; k++) {
        for (let j = k - 1; j < i; j++) {
          const line = length(j, i);
          const cost = best[j]![k - 1]! + line * line;
          if (line <= perLine && cost < best[i]![k]!) [best[i]![k], cut[i]![k]] = [cost, j];
        }
      }
    }
    if (best[units.length]![count] === Infinity) continue;
    const lines: string[] = [];
    for (let i = units.length, k = count; k > 0; k--) {
      const j = cut[i]![k]!;
      lines.unshift(units.slice(j, i).join(''));
      i = j;
    }
    return lines;
  }
  return [title];
}

export function coverSvg(config: BookConfig): string {
  const titleSize = 150;
  const lines = titleLines(config.title, 8, config.language);
  const top = 700;
  const title = lines
    .map((line, i) => `<text x="${WIDTH / 2}" y="${top + i * titleSize * 1.35}" font-size="${titleSize}" font-weight="700">${escapeXml(line)}</text>`)
    .join('\n    ');
  const afterTitle = top + (lines.length - 1) * titleSize * 1.35;
  const subtitle = config.subtitle
    ? `<text x="${WIDTH / 2}" y="${afterTitle + 200}" font-size="80">${escapeXml(config.subtitle)}</text>`
    : '';
  const author = config.author.length ? `<text x="${WIDTH / 2}" y="${HEIGHT - 520}" font-size="96">${escapeXml(config.author.join('、'))}</text>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xml:lang="${escapeXml(config.language)}">
  <title>${escapeXml(config.title)}</title>
  <rect width="${WIDTH}" height="${HEIGHT}" fill="#1f3a3d"/>
  <rect x="100" y="100" width="${WIDTH - 200}" height="${HEIGHT - 200}" fill="none" stroke="#c9b27c" stroke-width="6"/>
  <g fill="#f3ead8" font-family="${escapeXml(FONT)}" text-anchor="middle">
    ${title}
    ${subtitle}
    <line x1="${WIDTH / 2 - 160}" y1="${HEIGHT - 700}" x2="${WIDTH / 2 + 160}" y2="${HEIGHT - 700}" stroke="#c9b27c" stroke-width="6"/>
    ${author}
  </g>
</svg>
`;
}
