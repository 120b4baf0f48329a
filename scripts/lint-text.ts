// paiban lint:text — what the typesetter will not fix by itself (spec T30),
// as `file:line:col: warning: message (rule)`. `--strict` fails on any warning.

import { parseArgs } from 'node:util';
import { parseBook } from './lib/book.ts';
import { BuildError, formatDiagnostic } from './lib/diagnostics.ts';
import { lintBook } from './lib/lint.ts';
import { loadManuscript } from './lib/load.ts';
import { typeset } from './lib/typeset/index.ts';

const HELP = `Usage: npm run lint:text -- [--manuscript DIR] [--strict]

Reports typography problems the build does not fix (repeated marks,
half-width punctuation left beside Han, U+3000 indents, …).
Exit codes: 0 clean (or warnings without --strict); 1 warnings with --strict
or errors in the manuscript; 2 bad options.`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { manuscript: { type: 'string', default: 'manuscript' }, strict: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (error) {
    console.error(`paiban: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  try {
    const { book, warnings } = parseBook(await loadManuscript(values.manuscript));
    const found = [...warnings, ...lintBook(typeset(book), undefined, book)];
    for (const d of found) console.error(formatDiagnostic(d));
    console.log(`${found.length} warning${found.length === 1 ? '' : 's'}`);
    return values.strict && found.length ? 1 : 0;
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    for (const d of error.diagnostics) console.error(formatDiagnostic(d));
    return 1;
  }
}

if (process.argv[1]?.endsWith('scripts/lint-text.ts')) process.exitCode = await main(process.argv.slice(2));
