// Seeded stratified splits: train/test, validation hold-outs and k folds that keep the positive rate in every part.
import { permutation, rng } from '../random.ts';

/** Indices split so each part keeps the class balance of `y` (0/1). */
export function stratifiedSplit(
  y: ArrayLike<number>,
  testFraction: number,
  seed: number,
): { train: Int32Array; test: Int32Array } {
  const rand = rng(seed);
  const train: number[] = [],
    test: number[] = [];
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if ((y[i]! > 0.5 ? 1 : 0) === cls) rows.push(i);
    const perm = permutation(rows.length, rand);
    const nTest = Math.round(rows.length * testFraction);
    perm.forEach((p, i) => (i < nTest ? test : train).push(rows[p]!));
  }
  return { train: Int32Array.from(train.sort((a, b) => a - b)), test: Int32Array.from(test.sort((a, b) => a - b)) };
}

/** k stratified folds: fold f is the validation part of split f. */
export function stratifiedFolds(y: ArrayLike<number>, k: number, seed: number): Int32Array[] {
  const rand = rng(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if ((y[i]! > 0.5 ? 1 : 0) === cls) rows.push(i);
    permutation(rows.length, rand).forEach((p, i) => folds[i % k]!.push(rows[p]!));
  }
  return folds.map((f) => Int32Array.from(f.sort((a, b) => a - b)));
}

/** Rows of a row-major matrix. */
export function takeRows(x: Float32Array, p: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * p);
  for (let i = 0; i < rows.length; i++) out.set(x.subarray(rows[i]! * p, rows[i]! * p + p), i * p);
  return out;
}

export function take(y: Float32Array, rows: ArrayLike<number>): Float32Array {
  return Float32Array.from({ length: rows.length }, (_, i) => y[rows[i]!]!);
}
