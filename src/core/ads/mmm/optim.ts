// Derivative-free minimisers for the few nonlinear MMM parameters (decay, saturation per channel): Nelder–Mead
// on an unconstrained parametrisation, and a coordinate grid sweep that gives it a start away from poor local minima.

export type Objective = (x: Float64Array) => number;

/** Nelder–Mead (standard coefficients 1, 2, ½, ½) from x0 with an axis simplex of size `step`. */
export function nelderMead(f: Objective, x0: Float64Array, step: number, maxEval: number, tol = 1e-10): Float64Array {
  const d = x0.length;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(x0);
    p[i] = p[i]! + step;
    pts.push(p);
  }
  const vals = pts.map(f);
  let evals = d + 1;
  const centroid = new Float64Array(d);
  const along = (t: number) => Float64Array.from(centroid, (c, i) => c + t * (pts[d]![i]! - c));
  while (evals < maxEval) {
    const order = vals.map((v, i) => i).sort((a, b) => vals[a]! - vals[b]!);
    const sp = order.map((i) => pts[i]!);
    const sv = order.map((i) => vals[i]!);
    pts.splice(0, pts.length, ...sp);
    vals.splice(0, vals.length, ...sv);
    if (Math.abs(vals[d]! - vals[0]!) <= tol * (Math.abs(vals[0]!) + 1e-30)) break;
    centroid.fill(0);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) centroid[i]! += pts[k]![i]! / d;
    const xr = along(-1);
    const fr = f(xr);
    evals++;
    if (fr < vals[0]!) {
      const xe = along(-2);
      const fe = f(xe);
      evals++;
      [pts[d], vals[d]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < vals[d - 1]!) {
      [pts[d], vals[d]] = [xr, fr];
    } else {
      const xc = fr < vals[d]! ? along(-0.5) : along(0.5);
      const fc = f(xc);
      evals++;
      if (fc < Math.min(fr, vals[d]!)) {
        [pts[d], vals[d]] = [xc, fc];
      } else {
        for (let k = 1; k <= d; k++) {
          pts[k] = Float64Array.from(pts[k]!, (v, i) => pts[0]![i]! + 0.5 * (v - pts[0]![i]!));
          vals[k] = f(pts[k]!);
        }
        evals += d;
      }
    }
  }
  let best = 0;
  for (let k = 1; k <= d; k++) if (vals[k]! < vals[best]!) best = k;
  return pts[best]!;
}

/**
 * Coordinate sweep over a grid: for each block of coordinates (one channel's parameters), try every grid
 * combination with the other blocks held, keep the best; `passes` times.
 */
export function gridSweep(f: Objective, x0: Float64Array, blocks: number[][][], passes = 2): Float64Array {
  const x = Float64Array.from(x0);
  let fx = f(x);
  for (let pass = 0; pass < passes; pass++) {
    for (const grid of blocks) {
      // grid[k] = [coordinate index, ...values]: the cartesian product of the value lists is tried.
      const idx = grid.map((g) => g[0]!);
      const lists = grid.map((g) => g.slice(1));
      const combo = new Array<number>(idx.length).fill(0);
      const best = idx.map((i) => x[i]!);
      for (;;) {
        idx.forEach((i, k) => (x[i] = lists[k]![combo[k]!]!));
        const v = f(x);
        if (v < fx) {
          fx = v;
          idx.forEach((i, k) => (best[k] = x[i]!));
        }
        let k = 0;
        while (k < combo.length && ++combo[k]! >= lists[k]!.length) combo[k++] = 0;
        if (k === combo.length) break;
      }
      idx.forEach((i, k) => (x[i] = best[k]!));
    }
  }
  return x;
}

/** Residual vector at x, written into `out`. */
export type Residual = (x: Float64Array, out: Float64Array) => void;

function sumSq(r: Float64Array): number {
  let s = 0;
  for (const v of r) s += v * v;
  return s;
}

/**
 * Levenberg–Marquardt with a forward-difference Jacobian: a few iterations from a good start (the bootstrap refits),
 * where Nelder–Mead would crawl along the β–λ ridge.
 */
export function levenberg(res: Residual, x0: Float64Array, n: number, maxIter = 30, tol = 1e-10): Float64Array {
  const d = x0.length;
  let x = Float64Array.from(x0);
  const r = new Float64Array(n);
  const rh = new Float64Array(n);
  const J = new Float64Array(n * d);
  res(x, r);
  let s = sumSq(r);
  let mu = 1e-3;
  for (let it = 0; it < maxIter; it++) {
    for (let k = 0; k < d; k++) {
      const h = 1e-6 * Math.max(1, Math.abs(x[k]!));
      const xh = Float64Array.from(x);
      xh[k] = xh[k]! + h;
      res(xh, rh);
      for (let t = 0; t < n; t++) J[t * d + k] = (rh[t]! - r[t]!) / h;
    }
    const jtj = new Float64Array(d * d);
    const jtr = new Float64Array(d);
    for (let t = 0; t < n; t++) {
      for (let a = 0; a < d; a++) {
        const ja = J[t * d + a]!;
        jtr[a]! -= ja * r[t]!;
        for (let b = 0; b <= a; b++) jtj[a * d + b]! += ja * J[t * d + b]!;
      }
    }
    let improved = false;
    for (let tries = 0; tries < 10 && !improved; tries++) {
      const m = new Float64Array(d * d);
      for (let a = 0; a < d; a++)
        for (let b = 0; b <= a; b++) m[a * d + b] = m[b * d + a] = jtj[a * d + b]! * (a === b ? 1 + mu : 1);
      for (let a = 0; a < d; a++) m[a * d + a]! += 1e-12;
      const step = solveSmall(m, d, jtr);
      const xn = Float64Array.from(x, (v, k) => v + step[k]!);
      res(xn, rh);
      const sn = sumSq(rh);
      if (sn < s) {
        const rel = (s - sn) / Math.max(s, 1e-300);
        x = xn;
        r.set(rh);
        s = sn;
        mu = Math.max(1e-9, mu / 3);
        improved = true;
        if (rel < tol) return x;
      } else mu *= 5;
    }
    if (!improved) break;
  }
  return x;
}

/** Gaussian elimination with partial pivoting for the d×d LM step (d ≤ a few dozen). */
function solveSmall(m: Float64Array, d: number, b: Float64Array): Float64Array {
  const a = Float64Array.from(m);
  const x = Float64Array.from(b);
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]!) > Math.abs(a[p * d + c]!)) p = r;
    if (p !== c) {
      for (let k = 0; k < d; k++) [a[c * d + k], a[p * d + k]] = [a[p * d + k]!, a[c * d + k]!];
      [x[c], x[p]] = [x[p]!, x[c]!];
    }
    const piv = a[c * d + c]! || 1e-300;
    for (let r = c + 1; r < d; r++) {
      const f = a[r * d + c]! / piv;
      if (f === 0) continue;
      for (let k = c; k < d; k++) a[r * d + k]! -= f * a[c * d + k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let c = d - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < d; k++) s -= a[c * d + k]! * x[k]!;
    x[c] = s / (a[c * d + c]! || 1e-300);
  }
  return x;
}
