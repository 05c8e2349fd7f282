// Unconstrained minimisation for the CLV likelihoods: BFGS with a backtracking (Armijo) line search over
// log-parameters, polished by Newton steps on the numeric Hessian. A handful of parameters, so dense and plain.

/** Objective value and gradient at x; non-finite values mark x as outside the domain. */
export type ValueGrad = (x: Float64Array) => { f: number; g: Float64Array };

export interface MinimiseOptions {
  maxIter?: number;
  /** Stop when every |gradient component| is below this. */
  gtol?: number;
  /** Largest step (max-norm) in one iteration; log-params beyond ±e^5 per step only overflow. */
  maxStep?: number;
  /** Called once per iteration (cancel checks). */
  onIter?: (iter: number, f: number) => void;
}

export interface MinimiseResult {
  x: Float64Array;
  f: number;
  g: Float64Array;
  iterations: number;
  converged: boolean;
}

const maxAbs = (v: Float64Array) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Search direction −H g from the inverse-Hessian approximation H (row-major n×n). */
function direction(H: Float64Array, g: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += H[i * n + j]! * g[j]!;
    d[i] = -s;
  }
  return d;
}

/** BFGS inverse-Hessian update with s = Δx, y = Δg (skipped when the curvature condition fails). */
function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, n: number): void {
  const sy = dot(s, y);
  if (!(sy > 1e-300)) return;
  const rho = 1 / sy;
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Hy[i] = Hy[i]! + H[i * n + j]! * y[j]!;
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      H[i * n + j] = H[i * n + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
}

/** Backtracking line search: the first step t (1, ½, ¼, …) meeting Armijo's sufficient decrease. */
function lineSearch(fg: ValueGrad, x: Float64Array, f: number, g: Float64Array, d: Float64Array) {
  const slope = dot(g, d);
  for (let t = 1, k = 0; k < 60; k++, t *= 0.5) {
    const xt = x.map((v, i) => v + t * d[i]!);
    const r = fg(xt);
    if (Number.isFinite(r.f) && r.g.every(Number.isFinite) && r.f <= f + 1e-4 * t * slope) return { x: xt, ...r };
  }
  return null;
}

/** Minimises fg from x0 by BFGS; restarts the inverse Hessian when a direction is not downhill. */
export function minimise(fg: ValueGrad, x0: ArrayLike<number>, opts: MinimiseOptions = {}): MinimiseResult {
  const n = x0.length;
  const maxIter = opts.maxIter ?? 500;
  const gtol = opts.gtol ?? 1e-9;
  const maxStep = opts.maxStep ?? 2;
  let x = Float64Array.from(x0);
  let { f, g } = fg(x);
  if (!Number.isFinite(f)) throw new Error('the likelihood is not finite at the starting point');
  const H = identity(n);
  let iter = 0;
  for (; iter < maxIter && maxAbs(g) > gtol; iter++) {
    opts.onIter?.(iter, f);
    let d = direction(H, g, n);
    if (!(dot(d, g) < 0)) {
      H.set(identity(n));
      d = g.map((v) => -v);
    }
    const big = maxAbs(d);
    if (big > maxStep) d = d.map((v) => (v * maxStep) / big);
    const next = lineSearch(fg, x, f, g, d);
    if (!next) break;
    const s = next.x.map((v, i) => v - x[i]!);
    const y = next.g.map((v, i) => v - g[i]!);
    if (iter === 0) scaleIdentity(H, s, y, n);
    bfgsUpdate(H, s, y, n);
    const df = f - next.f;
    x = next.x;
    f = next.f;
    g = next.g;
    if (df <= 1e-15 * (1 + Math.abs(f)) && maxAbs(g) < 1e-6) break;
  }
  return { x, f, g, iterations: iter, converged: maxAbs(g) <= Math.max(gtol, 1e-6) };
}

function identity(n: number): Float64Array {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

/** Shanno's scaling of the first inverse Hessian, H = (sᵀy / yᵀy) I, so the second step is well sized. */
function scaleIdentity(H: Float64Array, s: Float64Array, y: Float64Array, n: number): void {
  const yy = dot(y, y);
  const sy = dot(s, y);
  if (!(sy > 0 && yy > 0)) return;
  H.fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = sy / yy;
}
