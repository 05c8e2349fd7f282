// Time left of a running job, from the time spent so far and the fraction done (plain: unit-tested in Node).

/** ETA is shown once this much is done: earlier guesses swing too much to help. */
export const ETA_FROM = 0.05;

/** Seconds left; null until more than ETA_FROM is done (and once the job is complete). */
export function etaSeconds(fraction: number, elapsedS: number): number | null {
  if (!(fraction > ETA_FROM) || fraction >= 1) return null;
  return (elapsedS * (1 - fraction)) / fraction;
}
