// GLM families: inverse links, deviance, and the test-split scores (R², deviance explained, loss).
import type { Family } from './types.ts';

/** Targets as the models see them: y (rates for binomial), weights (trials or 1), offset on the link scale. */
export interface Target {
  y: Float64Array;
  w: Float64Array;
  offset: Float64Array | null;
}

export function invLink(family: Family, eta: number): number {
  if (family === 'linear') return eta;
  if (family === 'poisson') return Math.exp(Math.min(eta, 40));
  return 1 / (1 + Math.exp(-eta));
}

const EPS = 1e-12;

/** Unit deviance × weight. */
export function deviance(family: Family, y: number, mu: number, w: number): number {
  if (family === 'linear') return w * (y - mu) * (y - mu);
  if (family === 'poisson') {
    const m = Math.max(mu, EPS);
    return 2 * w * ((y > 0 ? y * Math.log(y / m) : 0) - (y - m));
  }
  const p = Math.min(1 - EPS, Math.max(EPS, mu));
  const a = y > 0 ? y * Math.log(y / p) : 0;
  const b = y < 1 ? (1 - y) * Math.log((1 - y) / (1 - p)) : 0;
  return 2 * w * (a + b);
}

export interface Scores {
  r2: number;
  d2: number;
  loss: number;
}

/** Scores of mean predictions `mu` against the target rows `idx` (mu is aligned with idx). */
export function scoreRows(
  family: Family,
  t: Target,
  idx: ArrayLike<number>,
  mu: ArrayLike<number>,
  muOffset = 0,
): Scores {
  let sw = 0;
  let sy = 0;
  for (let k = 0; k < idx.length; k++) {
    const r = idx[k]!;
    sw += t.w[r]!;
    sy += t.w[r]! * t.y[r]!;
  }
  const ybar = sw > 0 ? sy / sw : 0;
  let dev = 0;
  let dev0 = 0;
  let ssRes = 0;
  let ssTot = 0;
  let ll = 0;
  for (let k = 0; k < idx.length; k++) {
    const r = idx[k]!;
    const y = t.y[r]!;
    const w = t.w[r]!;
    const m = mu[muOffset + k]!;
    dev += deviance(family, y, m, w);
    dev0 += deviance(family, y, ybar, w);
    ssRes += w * (y - m) * (y - m);
    ssTot += w * (y - ybar) * (y - ybar);
    if (family === 'binomial') ll += deviance(family, y, m, w) / 2 + w * entropyTerm(y);
  }
  const r2 = ssTot > 0 ? 1 - ssRes / ssTot : NaN;
  const d2 = dev0 > 0 ? 1 - dev / dev0 : NaN;
  const n = idx.length || 1;
  const loss =
    family === 'linear' ? ssRes / Math.max(sw, EPS) : family === 'poisson' ? dev / n : ll / Math.max(sw, EPS);
  return { r2, d2, loss };
}

/** Binary entropy: deviance/2 + entropy = log loss for a rate observed out of `w` trials. */
function entropyTerm(y: number): number {
  const a = y > 0 ? -y * Math.log(y) : 0;
  const b = y < 1 ? -(1 - y) * Math.log(1 - y) : 0;
  return a + b;
}

/** The score permutation importance works on: R² for linear, deviance explained otherwise. */
export function mainScore(family: Family, s: Scores): number {
  return family === 'linear' ? s.r2 : s.d2;
}
