// SVG pictures are code (scripts/lib/svg.ts, issue 16): what runs or fetches
// is removed, each removal said; what draws stays, scoped to the picture.

import { describe, expect, it } from 'vitest';
import { sanitizeSvg } from '../scripts/lib/svg.ts';

const HOSTILE = `<?xml version="1.0"?>
<!DOCTYPE svg>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example/x.css); .a { fill: red; background: url(https://evil.example/t.png) } svg .b { font-family: Courier }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
  <a href="https://evil.example/"><rect class="a" width="10" height="10" fill="url(#g)" onclick="steal()"/></a>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <use href="#g"/>
  <image href="file:///etc/passwd" width="1" height="1"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <rect width="5" height="5" style="fill: url(https://evil.example/p.svg#x); stroke: #000"/>
  <text x="1" y="40" font-family="Arial">圖表標題</text>
  <text class="b" x="1" y="20">let x = 1;</text>
</svg>`;

describe('sanitizeSvg', () => {
  const { svg, text, removed } = sanitizeSvg(HOSTILE, 'svg-abc');
  const what = removed.map((r) => r.what);

  it('removes every script, handler, foreign content and outside reference, saying each', () => {
    expect(svg).not.toMatch(/<script|onload|onclick|foreignObject|evil\.example|file:|@import|alert|steal|<a[\s>]/);
    expect(what).toEqual(expect.arrayContaining(['onload="alert(1)"', '<script>', '<foreignObject>', '<a> (its content is kept)', 'onclick="steal()"', '@import in <style>', 'xlink:href="https://evil.example/sprite.svg#icon"', 'href="file:///etc/passwd"']));
    expect(what.some((w) => w.startsWith('background: url(https://evil.example/t.png)'))).toBe(true);
    expect(what.some((w) => w.startsWith('fill: url(https://evil.example/p.svg#x)'))).toBe(true);
    // Each removal is placed in the SVG file.
    expect(removed.find((r) => r.what === '<script>')).toMatchObject({ line: 4, column: 3 });
  });

  it('keeps what draws: the link\'s content, internal references renamed, a picture held inside it', () => {
    expect(svg).toContain('<rect class="a" width="10" height="10" fill="url(#svg-abc-g)"></rect>');
    expect(svg).toContain('<linearGradient id="svg-abc-g">');
    expect(svg).toContain('<use xlink:href="#svg-abc-g"></use>');
    expect(svg).toContain('xlink:href="data:image/png;base64,iVBORw0KGgo="');
    expect(svg).toContain('style="stroke: #000"');
  });

  it('scopes its stylesheet to itself, and sets its text in the book\'s fonts (monospace where it asked for one)', () => {
    expect(svg).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* id="svg-abc"/);
    expect(svg).toContain('#svg-abc .a { fill: red }');
    expect(svg).toContain('#svg-abc .b { font-family: "Noto Sans Mono", "Noto Serif TC"');
    expect(svg).toMatch(/<text x="1" y="40" font-family="&#x22;Noto Serif TC&#x22;, /);
    expect(text).toBe('圖表標題 let x = 1;');
  });

  it('refuses what is not SVG, for the caller to leave out with a warning', () => {
    expect(() => sanitizeSvg('<html><body>no</body></html>', 'svg-x')).toThrow(/expected <svg>/);
    expect(() => sanitizeSvg('not xml at all <', 'svg-x')).toThrow();
  });
});
