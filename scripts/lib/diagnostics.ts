// Problems found in a manuscript, in one shape for every stage:
// `manuscript/book.yaml:3:8: error: Unexpected value … (config:enum)`.
// Stages collect them and throw a BuildError; only scripts/build.ts prints.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Path as the user should see it (relative to the working directory). */
  file: string;
  /** 1-based line and column; 1:1 when the problem concerns the whole file. */
  line: number;
  column: number;
  severity: Severity;
  message: string;
  /** Stable id, `family:rule`, so messages can be grepped and documented. */
  ruleId: string;
}

export class BuildError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'BuildError';
    this.diagnostics = diagnostics;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} (${d.ruleId})`;
}


export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
