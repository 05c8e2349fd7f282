// Per-level effects: the GLM's predicted outcome for each level of a factor (partial dependence over the data),
// with 95 % delta-method intervals from the coefficient covariance, and best/worst levels called out in words.
import { invLink } from './family.ts';
import { ABSURD, fmt } from '../format.ts';
import type { FactorEffects, GlmWeights, InputSpec, LevelEffect, OutcomeSpec, Design } from './types.ts';

export interface EffectsInput {
  design: Design;
  glm: GlmWeights;
  /** Design rows (row-major, width p) of the reference rows, with their weights and offsets. */
  x: Float32Array;
  weights: Float64Array;
  offsets: Float64Array | null;
  outcome: OutcomeSpec;
}

export function formatOutcome(outcome: OutcomeSpec, v: number): string {
  // Absurd or non-finite predictions (a diverged fit) read as powers of ten or "–", never as a 21-digit number.
  if (!Number.isFinite(v) || Math.abs(v) >= ABSURD) return outcome.kind === 'rate' ? `${fmt(v * 100)} %` : fmt(v);
  if (outcome.kind === 'rate') return `${(v * 100).toPrecision(v * 100 >= 1 ? 3 : 2)} %`;
  const a = Math.abs(v);
  return a >= 1000 ? Math.round(v).toLocaleString('en-GB') : v.toPrecision(3);
}

function fmtInterval(outcome: OutcomeSpec, lo: number, hi: number): string {
  if (outcome.kind === 'rate')
    return `[${formatOutcome(outcome, lo).slice(0, -2)}, ${formatOutcome(outcome, hi).slice(0, -2)}]`;
  return `[${formatOutcome(outcome, lo)}, ${formatOutcome(outcome, hi)}]`;
}

/**
 * Effects for every categorical input. For each level L: set the factor to L in every reference row, average the
 * predicted mean (exposure-weighted for rates), and propagate the coefficient covariance through that average
 * (delta method). The interval is formed on the link scale (log for counts, logit for rates) so it stays positive.
 */
export function levelEffects(inp: EffectsInput, rowCounts: (input: number, level: number) => number): FactorEffects[] {
  const { design, glm, x, weights, offsets, outcome } = inp;
  const p = design.width;
  const q = p + 1;
  const m = weights.length;
  const fam = glm.family;
  const eta = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let s = glm.coef[0]! + (offsets ? offsets[k]! : 0);
    for (let j = 0; j < p; j++) s += x[k * p + j]! * glm.coef[j + 1]!;
    eta[k] = s;
  }
  let sw = 0;
  for (let k = 0; k < m; k++) sw += weights[k]!;
  const out: FactorEffects[] = [];
  design.inputs.forEach((spec: InputSpec, i) => {
    if (spec.kind !== 'categorical') return;
    const cols = design.groups[i]!;
    const levels: LevelEffect[] = [];
    spec.levels.forEach((level, L) => {
      const col = L === spec.reference ? -1 : cols[L < spec.reference ? L : L - 1]!;
      const grad = new Float64Array(q);
      let value = 0;
      for (let k = 0; k < m; k++) {
        let e = eta[k]!;
        for (const c of cols) e -= x[k * p + c]! * glm.coef[c + 1]!;
        if (col >= 0) e += glm.coef[col + 1]!;
        const mu = invLink(fam, e);
        const d = fam === 'linear' ? 1 : fam === 'poisson' ? mu : mu * (1 - mu);
        const wk = weights[k]! / sw;
        value += wk * mu;
        grad[0]! += wk * d;
        for (let j = 0; j < p; j++) {
          const isGroup = cols.includes(j);
          const xv = isGroup ? (j === col ? 1 : 0) : x[k * p + j]!;
          if (xv !== 0) grad[j + 1]! += wk * d * xv;
        }
      }
      let v = 0;
      for (let a = 0; a < q; a++) {
        const ga = grad[a]!;
        if (ga === 0) continue;
        for (let b = 0; b < q; b++) v += ga * glm.cov[a * q + b]! * grad[b]!;
      }
      const se = Math.sqrt(Math.max(0, v));
      let low: number;
      let high: number;
      if (fam === 'linear') {
        low = value - 1.96 * se;
        high = value + 1.96 * se;
      } else if (fam === 'poisson') {
        const s = se / Math.max(value, 1e-12);
        low = value * Math.exp(-1.96 * s);
        high = value * Math.exp(1.96 * s);
      } else {
        const pv = Math.min(1 - 1e-12, Math.max(1e-12, value));
        const lg = Math.log(pv / (1 - pv));
        const s = se / (pv * (1 - pv));
        low = 1 / (1 + Math.exp(-(lg - 1.96 * s)));
        high = 1 / (1 + Math.exp(-(lg + 1.96 * s)));
      }
      levels.push({ level, value, low, high, rows: rowCounts(i, L) });
    });
    // Best/worst are called out among levels with enough rows to mean something (≥ 1 % of rows, ≥ 5).
    const total = levels.reduce((a, l) => a + l.rows, 0);
    const solid = levels.filter((l) => l.rows >= Math.max(5, 0.01 * total));
    const present = solid.length >= 2 ? solid : levels.filter((l) => l.rows > 0);
    if (present.length === 0) return;
    const best = present.reduce((a, b) => (b.value > a.value ? b : a));
    const worst = present.reduce((a, b) => (b.value < a.value ? b : a));
    const name = outcome.label;
    const summary =
      `${spec.name}: best is ${best.level} (${name} ${formatOutcome(outcome, best.value)} ${fmtInterval(outcome, best.low, best.high)}), ` +
      `worst is ${worst.level} (${formatOutcome(outcome, worst.value)} ${fmtInterval(outcome, worst.low, worst.high)})` +
      (best.low > worst.high ? '; the intervals do not overlap.' : '; the intervals overlap, so the gap may be noise.');
    out.push({ factor: spec.name, levels, best: best.level, worst: worst.level, summary });
  });
  return out;
}
