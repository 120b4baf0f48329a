// How long a test may take before it counts as hung: derived from what it
// does, never from how fast this machine happened to be. A test asserts no
// time; its timeout only stops a hang. Each step below is what it took with
// `stress-ng --cpu 2` running beside the suite on a two-core machine, rounded
// up; a test's budget is the sum of its steps times LOAD. Measured: with two
// `npm run build` loops beside the suite as well, every test took 1.5–3.3×
// as long again (the showcase's two Java EPUBCheck runs: 31 s, then 87 s,
// near the 120 s default a third build beside it would have crossed).
// LOAD leaves room beyond that; a real hang still ends.

/** Seconds each kind of step a test runs takes on a busy two-core machine (stress-ng --cpu 2 beside it). */
const STEP_SECONDS = {
  /** `npm run build` of a small book as a process (tsx start, modules, every output). */
  build: 10,
  /** One Java EPUBCheck run (a JVM start and the check). */
  javaEpubcheck: 16,
  /** One DAISY Ace run (it starts its own Chromium). */
  ace: 12,
  /** Chromium started, a page loaded and printed or looked at. */
  chromium: 5,
  /** Building, printing or shaping 100,000 characters beyond a small book's. */
  hundredThousandCharacters: 2,
  /** A large photograph scaled and encoded as JPEG (mozjpeg) at up to three qualities until it is small enough. */
  photo: 16,
} as const;

/** How much slower than that a more loaded machine may run a test. */
export const LOAD = 5;

export type Steps = Partial<Record<keyof typeof STEP_SECONDS, number>>;

/** How long, in ms, `steps` may take on a loaded machine: for a wait inside a test. */
export function allowance(steps: Steps): number {
  const seconds = Object.entries(steps).reduce((sum, [step, count]) => sum + STEP_SECONDS[step as keyof typeof STEP_SECONDS] * (count ?? 0), 0);
  return Math.ceil(seconds * LOAD * 1000);
}

/** The timeout, in ms, of a test or hook that does `steps`: their allowance, and never less than vitest's default here (120 s). */
export const budget = (steps: Steps): number => Math.max(120_000, allowance(steps));
