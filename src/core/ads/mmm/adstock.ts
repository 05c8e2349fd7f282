// Geometric adstock (carry-over) as PyMC-Marketing defines it: a finite window of l_max weights α^l, normalised to
// sum to 1 so a constant spend s adstocks to s at steady state (the decay moves timing, not the long-run level).

/** Weights w_l = α^l (l = 0 … lMax−1), divided by their sum when `normalise`. */
export function adstockWeights(decay: number, lMax = 8, normalise = true): Float64Array {
  const w = new Float64Array(lMax);
  let p = 1;
  let sum = 0;
  for (let l = 0; l < lMax; l++) {
    w[l] = p;
    sum += p;
    p *= decay;
  }
  if (normalise) for (let l = 0; l < lMax; l++) w[l] = w[l]! / sum;
  return w;
}

/** a_t = Σ_l w_l · x_(t−l), with spend before the first period taken as 0 (as PyMC-Marketing pads the series). */
export function geometricAdstock(x: ArrayLike<number>, decay: number, lMax = 8, normalise = true): Float64Array {
  const w = adstockWeights(decay, lMax, normalise);
  return convolve(x, w, new Float64Array(x.length));
}

/** out_t = Σ_l w_l · x_(t−l) into `out` (reused by the fit's inner loop). */
export function convolve(x: ArrayLike<number>, w: Float64Array, out: Float64Array): Float64Array {
  const n = x.length;
  const L = w.length;
  for (let t = 0; t < n; t++) {
    let s = 0;
    const lim = Math.min(L, t + 1);
    for (let l = 0; l < lim; l++) s += w[l]! * x[t - l]!;
    out[t] = s;
  }
  return out;
}
