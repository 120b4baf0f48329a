// The EPUB checked as the stores check it, inside the build: npm's port of
// EPUBCheck (@likecoin/epubcheck-ts) runs in-process in about 0.3 s. What it
// finds is paiban's fault, not the author's, so it is reported as a warning at
// the file inside the EPUB and never stops the build; the tests run the Java
// EPUBCheck as well.

import type { Diagnostic } from './diagnostics.ts';

export async function checkEpub(epub: Uint8Array, epubPath: string): Promise<Diagnostic[]> {
  const { EpubCheck } = await import('@likecoin/epubcheck-ts');
  const result = await EpubCheck.validate(epub);
  return result.messages
    .filter((m) => m.severity === 'fatal' || m.severity === 'error' || m.severity === 'warning')
    .map((m) => ({
      file: m.location ? `${epubPath}/${m.location.path}` : epubPath,
      line: m.location?.line ?? 1,
      column: m.location?.column ?? 1,
      severity: 'warning' as const,
      message: `EPUBCheck ${m.severity}: ${m.message}${m.suggestion ? ` (${m.suggestion})` : ''}`,
      ruleId: `epubcheck:${m.id}`,
    }));
}
