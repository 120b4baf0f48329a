// A typographic cover for books without a cover image, so that no library
// shows a blank tile: title, subtitle and author set in the book's face on a
// plain ground, as SVG (pure and deterministic; no browser needed). 1600 ×
// 2560 px, the 1:1.6 proportion e-book stores ask for.

import type { BookConfig } from './config.ts';

const WIDTH = 1600;
const HEIGHT = 2560;
const FONT = '"Noto Serif TC", "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU", serif';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Split a title into lines of at most `perLine` characters, evenly, without leaving punctuation alone at a line start. */
export function titleLines(title: string, perLine: number): string[] {
  const chars = [...title];
  const count = Math.ceil(chars.length / perLine);
  const size = Math.ceil(chars.length / count);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += size) lines.push(chars.slice(i, i + size).join(''));
  // Kinsoku on the cover too: a closing mark joins the line before it.
  for (let i = 1; i < lines.length; i++) {
    const match = /^[，。、：；！？」』）》]+/u.exec(lines[i]!);
    if (match) {
      lines[i - 1] += match[0];
      lines[i] = lines[i]!.slice(match[0].length);
    }
  }
  return lines.filter(Boolean);
}

export function coverSvg(config: BookConfig): string {
  const titleSize = 150;
  const lines = titleLines(config.title, 8);
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
