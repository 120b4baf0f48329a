// The contract every text rule's tests check (spec P2, T3): its examples,
// idempotence, atoms left alone, the seed essay unchanged, and 2000 seeded
// random strings. Shared by tests/typeset/rules/*.test.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyTextEdits, type TextRule } from '../../../scripts/lib/typeset/rule.ts';

export type RuleCase = [what: string, input: string, expected: string];

/** The standard tests of one rule, in a describe block named `name`. */
export function describeRule(name: string, rule: TextRule, cases: RuleCase[], alphabet: readonly string[]): void {
  const apply = (text: string) => applyTextEdits(text, rule(text));
  describe(name, () => {
    it.each(cases)('%s', (_, input, expected) => {
      expect(apply(input)).toBe(expected);
    });

    it.each(cases)('is idempotent (P2): %s', (_, input) => {
      expect(apply(apply(input))).toBe(apply(input));
      expect(rule(apply(input))).toEqual([]);
    });

    it.each(cases)('keeps atoms out of its edits: %s', (_, input) => {
      expectWellBehaved(rule, input);
    });

    it.each(seedLines())('leaves seed line %i unchanged', (_, line) => {
      expect(rule(line)).toEqual([]);
    });

    it('behaves on 2000 seeded random strings (idempotent, atoms untouched)', () => {
      for (const text of randomTexts(alphabet)) expectWellBehaved(rule, text);
    });
  });
}

/** Non-empty lines of the seed essay, which already has correct punctuation; the bare URL line is the engine's to protect. */
export function seedLines(): [number, string][] {
  const seed = readFileSync(new URL('../../../../shared/seeds/000_2448027780490b17.txt', import.meta.url), 'utf8');
  return seed
    .split('\n')
    .map((line, i): [number, string] => [i + 1, line])
    .filter(([, line]) => line.trim() !== '' && !line.startsWith('<https://'));
}

/** Reproducible strings over `alphabet` (a mulberry32 PRNG with a fixed seed), so a failure names its input. */
export function randomTexts(alphabet: readonly string[], count = 2000, seed = 0x5eed): string[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = () => alphabet[Math.floor(random() * alphabet.length)]!;
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * 16) }, pick).join(''));
}

/** Edits stay inside the text, never overlap, never cover an atom (U+E000–E002), and a second run finds nothing to do. */
export function expectWellBehaved(rule: TextRule, text: string): void {
  const edits = [...rule(text)].sort((a, b) => a.start - b.start || a.end - b.end);
  let end = 0;
  for (const edit of edits) {
    expect(edit.start >= end && edit.start <= edit.end && edit.end <= text.length, `edit ${JSON.stringify(edit)} in ${JSON.stringify(text)}`).toBe(true);
    expect(text.slice(edit.start, edit.end), `edit over an atom in ${JSON.stringify(text)}`).not.toMatch(/[\uE000-\uE002]/u);
    end = edit.end;
  }
  const out = applyTextEdits(text, edits);
  const atoms = (s: string) => s.replace(/[^\uE000-\uE002]/gu, '');
  expect(atoms(out)).toBe(atoms(text));
  expect(rule(out), `second run on ${JSON.stringify(out)} from ${JSON.stringify(text)}`).toEqual([]);
}
