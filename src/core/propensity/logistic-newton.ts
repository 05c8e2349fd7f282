// Logistic regression on typed arrays for a small feature count: sparse float64 rows, Newton steps on a Cholesky factor
// that is reused while it still converges fast (warm starts along a λ path, across folds), refreshed when it does not.
import { cholesky, choleskySolve } from '../linalg/spd.ts';

/**
 * A design as sparse rows in two parts: entries other than 1 (cols / vals) and entries equal to 1 (oneCols: one-hot
 * and bin indicators, and the intercept appended as column `p` of every row), which need no multiplication.
 */
export interface SparseRows {
  n: number;
  /** Feature columns, without the intercept. */
  p: number;
  start: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
  oneStart: Int32Array;
  oneCols: Int32Array;
}

/** Row-major float32 n × p → sparse rows (one-hot and bin indicators are mostly zeros; the products skip them). */
export function sparseRows(x: Float32Array, n: number, p: number): SparseRows {
  let nOnes = n,
    nVals = 0;
  for (let i = 0; i < x.length; i++)
    if (x[i] === 1) nOnes++;
    else if (x[i] !== 0) nVals++;
  const d: SparseRows = {
    n,
    p,
    start: new Int32Array(n + 1),
    cols: new Int32Array(nVals),
    vals: new Float64Array(nVals),
    oneStart: new Int32Array(n + 1),
    oneCols: new Int32Array(nOnes),
  };
  let k = 0,
    o = 0;
  for (let r = 0; r < n; r++) {
    d.start[r] = k;
    d.oneStart[r] = o;
    for (let j = 0, at = r * p; j < p; j++, at++) {
      const v = x[at]!;
      if (v === 1) d.oneCols[o++] = j;
      else if (v !== 0) {
        d.cols[k] = j;
        d.vals[k++] = v;
      }
    }
    d.oneCols[o++] = p;
  }
  d.start[n] = k;
  d.oneStart[n] = o;
  return d;
}

/** xᵢ·θ for design row i. */
function linear(d: SparseRows, i: number, theta: Float64Array): number {
  const { start, cols, vals, oneStart, oneCols } = d;
  let z = 0;
  for (let k = start[i]!, e = start[i + 1]!; k < e; k++) z += vals[k]! * theta[cols[k]!]!;
  for (let k = oneStart[i]!, e = oneStart[i + 1]!; k < e; k++) z += theta[oneCols[k]!]!;
  return z;
}

/** g += r·xᵢ. */
function addGradient(d: SparseRows, i: number, r: number, g: Float64Array): void {
  const { start, cols, vals, oneStart, oneCols } = d;
  for (let k = start[i]!, e = start[i + 1]!; k < e; k++) g[cols[k]!]! += r * vals[k]!;
  for (let k = oneStart[i]!, e = oneStart[i + 1]!; k < e; k++) g[oneCols[k]!]! += r;
}

/**
 * h += c·xᵢxᵢᵀ: within each part the columns ascend, so those products land on the lower triangle; the cross products
 * go to [valued column][unit column], either side, and `foldUpper` adds the upper triangle onto the lower at the end.
 */
function addHessian(d: SparseRows, i: number, c: number, h: Float64Array, q: number): void {
  const { start, cols, vals, oneStart, oneCols } = d;
  const s = start[i]!,
    e = start[i + 1]!,
    os = oneStart[i]!,
    oe = oneStart[i + 1]!;
  for (let a = s; a < e; a++) {
    const va = c * vals[a]!;
    const base = cols[a]! * q;
    for (let b = s; b <= a; b++) h[base + cols[b]!]! += va * vals[b]!;
    for (let b = os; b < oe; b++) h[base + oneCols[b]!]! += va;
  }
  for (let a = os; a < oe; a++) {
    const base = oneCols[a]! * q;
    for (let b = os; b <= a; b++) h[base + oneCols[b]!]! += c;
  }
}

function foldUpper(h: Float64Array, q: number): void {
  for (let i = 0; i < q; i++)
    for (let j = i + 1; j < q; j++) {
      h[j * q + i]! += h[i * q + j]!;
      h[i * q + j] = 0;
    }
}

/** One fit's data: the design rows it uses, labels and raw sample weights indexed by design row (null = all 1). */
export interface LogisticProblem {
  design: SparseRows;
  rows: Int32Array;
  y: Float32Array;
  sampleWeights: Float64Array | null;
}

/**
 * The last refreshed data Hessian Σ wᵢ pᵢ(1−pᵢ) xᵢxᵢᵀ / Σw (lower triangle, intercept included) and the Cholesky
 * factor of it plus λ on the feature diagonal. Pass the same object to the next fit to start from this curvature.
 */
export interface Curvature {
  h: Float64Array | null;
  factor: Float64Array | null;
  lambda: number;
}

export const newCurvature = (): Curvature => ({ h: null, factor: null, lambda: NaN });

export interface NewtonOptions {
  maxIter?: number;
  /** Converged when the gradient's max-norm is below this. */
  gradTol?: number;
  /** Called before every iteration (cancellation). */
  check?: () => void;
}

export interface NewtonFit {
  /** p weights, then the intercept. */
  theta: Float64Array;
  loss: number;
  iterations: number;
  /** How many iterations computed a fresh Hessian. */
  refreshes: number;
  converged: boolean;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Objective at θ; fills the gradient `g` and, when `h` is given, the data Hessian's lower triangle. */
function evaluate(
  prob: LogisticProblem,
  lambda: number,
  theta: Float64Array,
  g: Float64Array,
  h: Float64Array | null,
): number {
  const { design } = prob;
  const { p } = design;
  const { rows, y, sampleWeights: sw } = prob;
  const q = p + 1;
  g.fill(0);
  if (h) h.fill(0);
  let f = 0,
    wsum = 0;
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t]!;
    const z = linear(design, i, theta);
    const w = sw ? sw[i]! : 1;
    const yi = y[i]!;
    wsum += w;
    // One exponential for both: BCE = max(z, 0) − y·z + log(1 + e^−|z|), σ(z) from the same e^−|z|.
    const ez = Math.exp(-Math.abs(z));
    f += w * (Math.max(z, 0) - z * yi + Math.log1p(ez));
    const mu = z >= 0 ? 1 / (1 + ez) : ez / (1 + ez);
    addGradient(design, i, w * (mu - yi), g);
    if (h) addHessian(design, i, w * mu * (1 - mu), h, q);
  }
  if (h) foldUpper(h, q);
  const inv = wsum > 0 ? 1 / wsum : 0;
  let penalty = 0;
  for (let j = 0; j < q; j++) g[j]! *= inv;
  for (let j = 0; j < p; j++) {
    penalty += theta[j]! * theta[j]!;
    g[j]! += lambda * theta[j]!;
  }
  if (h) for (let j = 0; j < q * q; j++) h[j]! *= inv;
  return f * inv + 0.5 * lambda * penalty;
}

/** Factor of the data Hessian plus λ on the feature diagonal, with growing jitter if rounding left it indefinite. */
function factorWith(h: Float64Array, q: number, lambda: number): Float64Array {
  for (let jitter = 0, attempt = 0; attempt < 12; attempt++) {
    const l = h.slice();
    for (let j = 0; j < q; j++) l[j * q + j]! += (j < q - 1 ? lambda : 0) + jitter;
    if (cholesky(l, q)) return l;
    jitter = jitter === 0 ? 1e-12 : jitter * 10;
  }
  throw new Error('logistic Hessian is not positive definite');
}

const maxAbs = (v: Float64Array): number => {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
};

/** The curvature's factor for this λ, refreshing the Hessian at θ first when asked or missing. */
function ensureFactor(prob: LogisticProblem, lambda: number, theta: Float64Array, c: Curvature, refresh: boolean) {
  const q = prob.design.p + 1;
  if (refresh || !c.h || c.h.length !== q * q) {
    c.h = new Float64Array(q * q);
    evaluate(prob, lambda, theta, new Float64Array(q), c.h);
    c.factor = null;
  }
  if (!c.factor || c.lambda !== lambda) {
    c.factor = factorWith(c.h, q, lambda);
    c.lambda = lambda;
  }
  return c.factor;
}

/** Zero weights and the intercept at the logit of the (weighted) positive share: the best constant model. */
function priorStart(prob: LogisticProblem): Float64Array {
  const { rows, y, sampleWeights: sw } = prob;
  let pos = 0,
    all = 0;
  for (const i of rows) {
    const w = sw ? sw[i]! : 1;
    pos += w * y[i]!;
    all += w;
  }
  const theta = new Float64Array(prob.design.p + 1);
  const share = Math.min(1 - 1e-6, Math.max(1e-6, all > 0 ? pos / all : 0.5));
  theta[prob.design.p] = Math.log(share / (1 - share));
  return theta;
}

/** A stale factor is kept while each step still cuts the gradient's max-norm by at least this factor. */
const KEEP_RATIO = 0.25;

/**
 * Minimises  Σ sᵢ·BCE(xᵢ·w + b, yᵢ) / Σ sᵢ + λ/2 ‖w‖²  over the problem's rows, from `theta0` (else the best constant).
 * Steps solve with the curvature's factor and are backtracked (Armijo); the Hessian is recomputed when the last step
 * cut the gradient by less than 4× — so a good warm start costs gradient passes only, a cold one plain Newton steps.
 */
export function newtonLogistic(
  prob: LogisticProblem,
  lambda: number,
  theta0: Float64Array | null,
  curvature: Curvature = newCurvature(),
  options: NewtonOptions = {},
): NewtonFit {
  const q = prob.design.p + 1;
  const maxIter = options.maxIter ?? 100;
  const gradTol = options.gradTol ?? 1e-8;
  let theta = theta0 ? Float64Array.from(theta0) : priorStart(prob);
  let g = new Float64Array(q);
  let f = evaluate(prob, lambda, theta, g, null);
  let gmax = maxAbs(g);
  let refresh = !curvature.h,
    refreshes = 0,
    it = 0;
  for (; it < maxIter && gmax >= gradTol; it++) {
    options.check?.();
    if (refresh) refreshes++;
    const factor = ensureFactor(prob, lambda, theta, curvature, refresh);
    const dir = g.map((v) => -v);
    choleskySolve(factor, q, dir);
    let slope = 0;
    for (let j = 0; j < q; j++) slope += g[j]! * dir[j]!;
    const trial = new Float64Array(q);
    const gt = new Float64Array(q);
    let step = 1,
      ft = NaN;
    for (let ls = 0; ls < 40; ls++, step *= 0.5) {
      for (let j = 0; j < q; j++) trial[j] = theta[j]! + step * dir[j]!;
      ft = evaluate(prob, lambda, trial, gt, null);
      // Near the optimum the predicted decrease is below rounding in f: accept the (tiny) step on the gradient alone.
      if (ft <= f + 1e-4 * step * slope || (-slope < 1e-15 * Math.max(1, f) && maxAbs(gt) < gmax)) break;
    }
    if (!(ft <= f || maxAbs(gt) < gmax)) {
      if (refresh) break; // even a fresh Newton direction cannot make progress: at the optimum to rounding
      refresh = true;
      continue;
    }
    const gtMax = maxAbs(gt);
    refresh = gtMax > KEEP_RATIO * gmax;
    [theta, g, f, gmax] = [trial, gt, ft, gtMax];
  }
  return { theta, loss: f, iterations: it, refreshes, converged: gmax < gradTol };
}

/** P(y = 1) for the given design rows. */
export function predictRows(design: SparseRows, rows: Int32Array, theta: Float64Array): Float64Array {
  return Float64Array.from(rows, (i) => sigmoid(linear(design, i, theta)));
}
