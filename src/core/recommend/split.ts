// Train/test splits of interaction events (random, per-user by time) and per-user validation hold-outs of a matrix.
import { JobError } from '../jobs.ts';
import { permutation, rng } from '../random.ts';
import type { Events, Matrix } from './interactions.ts';

export type SplitSpec =
  | { kind: 'random'; testFraction?: number; seed?: number }
  /** Per user: the latest `testFraction` of their rows by time (whole timestamps stay together). */
  | { kind: 'time'; testFraction?: number }
  /** Per user: the rows at their last timestamp (the last basket / last rating). */
  | { kind: 'leave-last-out' };

export interface RowSplit {
  train: Int32Array;
  test: Int32Array;
}

/** Splits event rows; both halves come back in ascending row order (file order, as Surprise visits them). */
export function splitEvents(ev: Events, spec: SplitSpec): RowSplit {
  const n = ev.user.length;
  if (spec.kind === 'random') {
    const frac = spec.testFraction ?? 0.2;
    const perm = permutation(n, rng(spec.seed ?? 42));
    const nTest = Math.ceil(frac * n);
    const test = perm.slice(0, nTest).sort();
    const train = perm.slice(nTest).sort();
    return { train, test };
  }
  const time = ev.time;
  if (!time) {
    throw new JobError(
      'missing-timestamp',
      'A time-ordered split needs a timestamp column: mark one column as "timestamp", or use the random split.',
    );
  }
  const byUser: number[][] = Array.from({ length: ev.userIds.length }, () => []);
  for (let r = 0; r < n; r++) byUser[ev.user[r]!]!.push(r);
  const isTest = new Uint8Array(n);
  for (const rows of byUser) {
    if (rows.length < 2) continue;
    rows.sort((a, b) => time[a]! - time[b]! || a - b);
    let cut: number; // first test position
    if (spec.kind === 'leave-last-out') cut = rows.length - 1;
    else cut = rows.length - Math.max(1, Math.round((spec.testFraction ?? 0.2) * rows.length));
    // rows sharing the cut's timestamp (one basket) all go to test, unless that empties train
    const tCut = time[rows[cut]!]!;
    while (cut > 0 && time[rows[cut - 1]!]! === tCut) cut--;
    if (cut === 0) continue; // a single basket: train only
    for (let k = cut; k < rows.length; k++) isTest[rows[k]!] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let r = 0; r < n; r++) (isTest[r] ? test : train).push(r);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * Holds out round(fraction·n_u) of each user's interactions (at least one kept in train) into a validation matrix.
 * Both matrices keep the full index space of `m`, so a model fitted on `train` scores `valid` directly.
 */
export function holdOutPerUser(m: Matrix, fraction: number, seed: number): { train: Matrix; valid: Matrix } {
  const rand = rng(seed);
  const nu = m.users.length;
  const tIndptr = new Int32Array(nu + 1);
  const vIndptr = new Int32Array(nu + 1);
  const tIdx: number[] = [];
  const tVal: number[] = [];
  const vIdx: number[] = [];
  const vVal: number[] = [];
  for (let u = 0; u < nu; u++) {
    const a = m.indptr[u]!;
    const len = m.indptr[u + 1]! - a;
    const nHold = len >= 2 ? Math.min(len - 1, Math.round(fraction * len)) : 0;
    const perm = permutation(len, rand);
    const held = new Uint8Array(len);
    for (let k = 0; k < nHold; k++) held[perm[k]!] = 1;
    for (let k = 0; k < len; k++) {
      if (held[k]) {
        vIdx.push(m.indices[a + k]!);
        vVal.push(m.values[a + k]!);
      } else {
        tIdx.push(m.indices[a + k]!);
        tVal.push(m.values[a + k]!);
      }
    }
    tIndptr[u + 1] = tIdx.length;
    vIndptr[u + 1] = vIdx.length;
  }
  return {
    train: {
      users: m.users,
      items: m.items,
      indptr: tIndptr,
      indices: Int32Array.from(tIdx),
      values: Float32Array.from(tVal),
    },
    valid: {
      users: m.users,
      items: m.items,
      indptr: vIndptr,
      indices: Int32Array.from(vIdx),
      values: Float32Array.from(vVal),
    },
  };
}
