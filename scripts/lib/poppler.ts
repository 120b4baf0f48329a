// Poppler reads the finished PDF back, the way a proofreader does: pdftoppm
// draws every page (the proofs) and pdftotext reads each page's text (to find
// the page a warning's paragraph landed on). I/O only; proof.ts does the rest.

import { spawn, execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { folderWith, pathFolders } from './browser.ts';
import { withScratchDir } from './cleanup.ts';

const run = promisify(execFile);

export class MissingPopplerError extends Error {
  constructor(tried: string[]) {
    super(
      [
        'No poppler (pdftoppm, pdftotext) found to draw the proofs. Looked at:',
        ...tried.map((t) => `  ${t}`),
        'Install it (apt-get install poppler-utils, brew install poppler), point POPPLER at the folder',
        'that holds pdftoppm, or leave proof out of --format.',
      ].join('\n'),
    );
    this.name = 'MissingPopplerError';
  }
}

export interface Poppler {
  pdftoppm: string;
  pdftotext: string;
}

/** POPPLER (a folder), then the PATH: the folder that holds both pdftoppm and pdftotext. */
export async function findPoppler(env: NodeJS.ProcessEnv = process.env): Promise<Poppler> {
  const dirs = env.POPPLER ? [env.POPPLER] : pathFolders(env);
  const folder = await folderWith(dirs, ['pdftoppm', 'pdftotext']);
  if (folder) return { pdftoppm: path.join(folder, 'pdftoppm'), pdftotext: path.join(folder, 'pdftotext') };
  throw new MissingPopplerError(env.POPPLER ? [`POPPLER=${env.POPPLER} (no pdftoppm and pdftotext in it)`] : ['POPPLER (not set)', `pdftoppm and pdftotext on the PATH (${dirs.join(path.delimiter) || 'empty'})`]);
}

/** Half a minute a page is far more than poppler needs; a hung one is stopped. */
const TIMEOUT_PER_PAGE_MS = 30_000;

/** The PDF written once to a scratch file for poppler to read (drawPages and pageTexts both take it). */
export async function withPdfFile<T>(pdf: Uint8Array, use: (file: string) => Promise<T>): Promise<T> {
  return withScratchDir('paiban-proof-', async (dir) => {
    const file = path.join(dir, 'book.pdf');
    await writeFile(file, pdf);
    return use(file);
  });
}

/** One pdftoppm over pages first..last, reporting each page as it is drawn. */
function drawRange(pdftoppm: string, file: string, prefix: string, first: number, last: number, dpi: number, onPage: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pdftoppm, ['-progress', '-png', '-r', String(dpi), '-f', String(first), '-l', String(last), file, prefix], { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_PER_PAGE_MS * (last - first + 1));
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // -progress writes "page last file" per page drawn; anything else is an error message.
      for (const line of chunk.split('\n')) {
        if (/^\d+ \d+ /.test(line)) onPage();
        else stderr += line;
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`pdftoppm could not draw pages ${first}–${last}: ${stderr.trim() || (signal ? `killed (${signal})` : `exit ${code}`)}`));
    });
  });
}

/**
 * Every page of the PDF as a PNG at `dpi`, in page order. Split over the
 * machine's cores (each pdftoppm draws one run of pages); `onProgress` hears
 * how many are done after each page.
 */
export async function drawPages(
  file: string,
  pageCount: number,
  { pdftoppm, dpi, onProgress = () => {} }: { pdftoppm: string; dpi: number; onProgress?: (done: number, total: number) => void },
): Promise<Uint8Array[]> {
  return withScratchDir('paiban-pages-', async (dir) => {
    const workers = Math.max(1, Math.min(os.availableParallelism(), pageCount));
    const size = Math.ceil(pageCount / workers);
    let done = 0;
    const ranges = Array.from({ length: workers }, (_, i) => [i * size + 1, Math.min(pageCount, (i + 1) * size)] as const).filter(([a, b]) => a <= b);
    await Promise.all(ranges.map(([first, last], i) => drawRange(pdftoppm, file, path.join(dir, `r${i}`), first, last, dpi, () => onProgress(++done, pageCount))));
    // pdftoppm names pages r0-07.png (digits padded to the page count); the number is what counts.
    const names = (await readdir(dir)).filter((n) => n.endsWith('.png'));
    const byPage = new Map(names.map((n) => [Number(/-(\d+)\.png$/.exec(n)![1]), n]));
    return Promise.all(Array.from({ length: pageCount }, async (_, i) => {
      const name = byPage.get(i + 1);
      if (!name) throw new Error(`pdftoppm drew no page ${i + 1} of ${pageCount}`);
      return new Uint8Array(await readFile(path.join(dir, name)));
    }));
  });
}

/** The text of each page, in reading order (`raw`: in the order it was written, which vertical pages need). */
export async function pageTexts(file: string, { pdftotext, raw }: { pdftotext: string; raw: boolean }): Promise<string[]> {
  const { stdout } = await run(pdftotext, [...(raw ? ['-raw'] : []), '-enc', 'UTF-8', file, '-'], { maxBuffer: 512 * 1024 * 1024, timeout: 300_000, killSignal: 'SIGKILL' });
  // pdftotext ends every page with a form feed.
  return stdout.split('\f').slice(0, -1);
}
