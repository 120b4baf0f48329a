// Poppler reads the finished PDF back, the way a proofreader does: pdftoppm
// draws every page (the proofs) and pdftotext reads each page's text (to find
// the page a warning's paragraph landed on). I/O only; proof.ts does the rest.

import { spawn, execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
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

/** A page as pdftoppm draws it: 8-bit RGB, three bytes a pixel, rows from the top. */
export interface Bitmap {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** A binary PPM (P6, maxval 255), as pdftoppm writes it without -png, as a Bitmap. Pure. */
export function parsePpm(bytes: Uint8Array): Bitmap {
  // Header: "P6", width, height, maxval, each after whitespace (no comments from pdftoppm), then one whitespace byte.
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4 && at < bytes.length) {
    while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]!))) at++;
    let field = '';
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at]!))) field += String.fromCharCode(bytes[at++]!);
    fields.push(field);
  }
  const [magic, width, height, maxval] = [fields[0], Number(fields[1]), Number(fields[2]), Number(fields[3])];
  const rgb = bytes.subarray(at + 1);
  if (magic !== 'P6' || maxval !== 255 || !(width > 0) || !(height > 0) || rgb.length !== width * height * 3) {
    throw new Error(`Unexpected image from pdftoppm (${fields.join(' ') || 'empty'}, ${rgb.length} bytes of pixels), expected an 8-bit binary PPM`);
  }
  return { width, height, rgb };
}

/**
 * One pdftoppm over pages first..last, drawing each as a PPM; `onPage`
 * hears of each page (number and file) once its file is whole.
 */
function drawRange(pdftoppm: string, file: string, prefix: string, first: number, last: number, dpi: number, onPage: (page: number, file: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pdftoppm, ['-progress', '-r', String(dpi), '-f', String(first), '-l', String(last), file, prefix], { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_PER_PAGE_MS * (last - first + 1));
    let stderr = '';
    let partial = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // -progress writes "page last file" per page drawn, after writing it; anything else is an error message.
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const drawn = /^(\d+) \d+ (.+)$/.exec(line);
        if (drawn) onPage(Number(drawn[1]), drawn[2]!);
        else stderr += line;
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stderr += partial;
      if (code === 0) resolve();
      else reject(new Error(`pdftoppm could not draw pages ${first}–${last}: ${stderr.trim() || (signal ? `killed (${signal})` : `exit ${code}`)}`));
    });
  });
}

/**
 * Every page of the PDF drawn at `dpi`, each handed to `take` as soon as it
 * is drawn and then let go, so a long book's pixels are never all held (nor
 * all on disk); what `take` returns comes back in page order. Split over the
 * machine's cores (each pdftoppm draws one run of pages); `onProgress` hears
 * how many are done after each page. Pages are drawn as PPM, not PNG: poppler
 * compresses PNG at its slowest (0.19 s a page, against 0.02 s drawing it).
 */
export async function drawPages<T>(
  file: string,
  pageCount: number,
  { pdftoppm, dpi, onProgress = () => {} }: { pdftoppm: string; dpi: number; onProgress?: (done: number, total: number) => void },
  take: (page: Bitmap, number: number) => T,
): Promise<T[]> {
  return withScratchDir('paiban-pages-', async (dir) => {
    const workers = Math.max(1, Math.min(os.availableParallelism(), pageCount));
    const size = Math.ceil(pageCount / workers);
    const taken = new Map<number, Promise<T>>();
    let done = 0;
    const onPage = (page: number, drawn: string) => {
      const result = readFile(drawn).then(async (bytes) => {
        const value = take(parsePpm(bytes), page);
        await rm(drawn, { force: true });
        onProgress(++done, pageCount);
        return value;
      });
      // Awaited below, with every page; a failure is not left unheard meanwhile.
      result.catch(() => undefined);
      taken.set(page, result);
    };
    const ranges = Array.from({ length: workers }, (_, i) => [i * size + 1, Math.min(pageCount, (i + 1) * size)] as const).filter(([a, b]) => a <= b);
    await Promise.all(ranges.map(([first, last], i) => drawRange(pdftoppm, file, path.join(dir, `r${i}`), first, last, dpi, onPage)));
    return Promise.all(Array.from({ length: pageCount }, (_, i) => {
      const page = taken.get(i + 1);
      if (!page) throw new Error(`pdftoppm drew no page ${i + 1} of ${pageCount}`);
      return page;
    }));
  });
}

/** The text of each page, in reading order (`raw`: in the order it was written, which vertical pages need). */
export async function pageTexts(file: string, { pdftotext, raw }: { pdftotext: string; raw: boolean }): Promise<string[]> {
  const { stdout } = await run(pdftotext, [...(raw ? ['-raw'] : []), '-enc', 'UTF-8', file, '-'], { maxBuffer: 512 * 1024 * 1024, timeout: 300_000, killSignal: 'SIGKILL' });
  // pdftotext ends every page with a form feed.
  return stdout.split('\f').slice(0, -1);
}
