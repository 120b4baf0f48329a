// Books of any length made from the essay, for the benchmark and the scale
// test: chapter N is the essay with its title and section titles numbered, so
// that every heading differs and the text is real prose.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WritingMode } from './lib/config.ts';

const ESSAY = new URL('../manuscript/01-deepseek.md', import.meta.url);

/** Characters that are not white space. */
export const countCharacters = (text: string) => text.replace(/\s/g, '').length;

/** Write `book.yaml` and `chapters` essay chapters into `dir`; the characters of text it holds. */
export async function writeEssayBook(dir: string, chapters: number, writingMode: WritingMode = 'horizontal'): Promise<number> {
  const essay = await readFile(ESSAY, 'utf8');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'book.yaml'), `title: 深度求索文集（${chapters} 章）\nauthor: 余創豪\nslug: essays-${chapters}\nlayout:\n  writingMode: ${writingMode}\n`);
  let characters = 0;
  const width = String(chapters).length;
  for (let n = 1; n <= chapters; n++) {
    const chapter = essay.replace(/^# (.+)$/m, `# 第${n}章　$1`).replace(/^## (.+)$/gm, `## $1（${n}）`);
    characters += countCharacters(chapter);
    await writeFile(path.join(dir, `${String(n).padStart(width, '0')}.md`), chapter);
  }
  return characters;
}
