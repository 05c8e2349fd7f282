// Regression error metrics shared by the recommender (ratings) and the ads models: RMSE, MAE, R².
// Pairs where either value is NaN are skipped, so callers can pass predictions with gaps.

function check(y: ArrayLike<number>, yhat: ArrayLike<number>): void {
  if (y.length !== yhat.length) throw new Error(`metric: ${y.length} targets but ${yhat.length} predictions`);
}

/** Root mean squared error; NaN when no valid pair. */
export function rmse(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  check(y, yhat);
  let s = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const d = (y[i] as number) - (yhat[i] as number);
    if (Number.isNaN(d)) continue;
    s += d * d;
    n++;
  }
  return n === 0 ? NaN : Math.sqrt(s / n);
}

/** Mean absolute error; NaN when no valid pair. */
export function mae(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  check(y, yhat);
  let s = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const d = (y[i] as number) - (yhat[i] as number);
    if (Number.isNaN(d)) continue;
    s += Math.abs(d);
    n++;
  }
  return n === 0 ? NaN : s / n;
}

/** Coefficient of determination 1 − SS_res/SS_tot (can be negative); NaN when y is constant or empty. */
export function r2(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  check(y, yhat);
  let mean = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const a = y[i] as number;
    const b = yhat[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    mean += a;
    n++;
  }
  if (n === 0) return NaN;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    const a = y[i] as number;
    const b = yhat[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    ssRes += (a - b) * (a - b);
    ssTot += (a - mean) * (a - mean);
  }
  return ssTot === 0 ? NaN : 1 - ssRes / ssTot;
}
