// The first book keeps every character of the essay: the text of each built
// edition equals the seed once markup and whitespace are set aside.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyText, pdfOutline, pdfPagesText, pdfPath, readEpub, seedText, webDir, withoutWhitespace } from './support/outputs.ts';
import { itWith, tools } from './support/tools.ts';

const seed = withoutWhitespace(seedText());

describe('the essay, verbatim', () => {
  it('the seed text is what we think it is', () => {
    // Spot checks, so that a wrong seed path cannot make the comparisons vacuous.
    expect(seed.startsWith('深度求索是否改變了人工智能遊戲的玩法呢？余創豪chonghoyu@gmail.com斯普尼特克時刻？')).toBe(true);
    expect(seed).toContain('殺手鐮'); // the seed's own typo stays
    expect(seed.endsWith('原載於澳洲《同路人》雜誌更多資訊https://www.youtube.com/watch?v=udCMEChdawQ')).toBe(true);
  });

  it('the EPUB chapter holds exactly the seed text', async () => {
    const epub = await readEpub();
    const chapters = Object.keys(epub.files).filter((f) => /^OEBPS\/ch\d+\.xhtml$/.test(f)).sort();
    const texts = await Promise.all(chapters.map(async (f) => bodyText(await epub.file(f)!.async('string'))));
    expect(withoutWhitespace(texts.join(''))).toBe(seed);
  });

  it('the web edition holds exactly the seed text', () => {
    const html = readFileSync(path.join(webDir(), 'index.html'), 'utf8');
    expect(withoutWhitespace(bodyText(html, 'main'))).toBe(seed);
  });

  itWith([tools.poppler, tools.qpdf, { name: 'the PDF (Chromium)', available: existsSync(pdfPath()), install: 'apt-get install chromium' }], 'the PDF holds exactly the seed text, page after page from the essay\'s first page', () => {
    // The front matter (title page, copyright page, contents) comes first; the essay starts where its bookmark points.
    const start = pdfOutline()[0]!.page;
    expect(withoutWhitespace(pdfPagesText().slice(start - 1).join(''))).toBe(seed);
  });
});
