// Ghostscript turns the printer's PDF black-and-white: Chromium prints RGB, and
// its black is "rich black" on all four plates (spec C.3), which a B/W press
// either rejects or prints grey and blurred. `pdfwrite` with the gray colour
// strategy keeps the CID TrueType fonts and leaves ink on K only (C52).

import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { folderWith, isExecutable, pathFolders } from './browser.ts';
import { withScratchDir } from './cleanup.ts';

const run = promisify(execFile);

/** A conversion of the essay takes about a second; a long book, longer. */
const TIMEOUT_MS = 300_000;

export class MissingGhostscriptError extends Error {
  constructor(tried: string[]) {
    super(
      [
        'No Ghostscript found to make the black-and-white printer\'s PDF (pdf.interior: gray). Looked at:',
        ...tried.map((t) => `  ${t}`),
        'Install it (apt-get install ghostscript, brew install ghostscript), point GHOSTSCRIPT at its gs,',
        'or set pdf.interior: color in book.yaml for a colour interior.',
      ].join('\n'),
    );
    this.name = 'MissingGhostscriptError';
  }
}

/** GHOSTSCRIPT, then `gs` on the PATH. */
export async function findGhostscript(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.GHOSTSCRIPT) {
    if (await isExecutable(env.GHOSTSCRIPT)) return env.GHOSTSCRIPT;
    throw new MissingGhostscriptError([`GHOSTSCRIPT=${env.GHOSTSCRIPT} (not an executable file)`]);
  }
  const dirs = pathFolders(env);
  const folder = await folderWith(dirs, ['gs']);
  if (folder) return path.join(folder, 'gs');
  throw new MissingGhostscriptError(['GHOSTSCRIPT (not set)', `gs on the PATH (${dirs.join(path.delimiter) || 'empty'})`]);
}

/**
 * The PDF with every colour turned to gray: text, rules and images. Tags and
 * bookmarks do not survive (Ghostscript drops them), which a press does not
 * need; the caller sets boxes and metadata again.
 */
export async function toGray(pdf: Uint8Array, gs: string): Promise<Uint8Array> {
  return withScratchDir('paiban-gs-', async (dir) => {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    await writeFile(input, pdf);
    await run(
      gs,
      [
        '-q', '-dSAFER', '-dBATCH', '-dNOPAUSE',
        '-sDEVICE=pdfwrite',
        '-sColorConversionStrategy=Gray', '-dProcessColorModel=/DeviceGray',
        '-dAutoRotatePages=/None',
        // Pictures keep every pixel they were given (C52 wants ≥ 300 ppi).
        '-dDownsampleColorImages=false', '-dDownsampleGrayImages=false', '-dDownsampleMonoImages=false',
        `-sOutputFile=${output}`,
        input,
      ],
      { timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`Ghostscript could not convert the printer's PDF to gray: ${(error.stderr || error.message).trim()}`);
    });
    return new Uint8Array(await readFile(output));
  });
}
