// Small MLP outcome model in TF.js: one ReLU hidden layer on the design, full-batch Adam, family-matched loss.
import * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../jobs.ts';
import { normal, rng } from '../random.ts';
import type { Target } from './family.ts';
import type { Family, MlpWeights } from './types.ts';

export interface MlpOptions {
  hidden?: number;
  iterations?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/** Training rows as Float32 arrays; linear targets standardised (yMean, ySd undo it at prediction). */
interface MlpRows {
  y: Float32Array;
  w: Float32Array;
  off: Float32Array;
  yMean: number;
  ySd: number;
}

/** The network, its training data as tensors and the loss settings: everything one Adam step needs. */
interface MlpGraph {
  family: Family;
  W1: tf.Variable;
  B1: tf.Variable;
  W2: tf.Variable;
  B2: tf.Variable;
  X: tf.Tensor2D;
  Y: tf.Tensor2D;
  Wt: tf.Tensor2D;
  Off: tf.Tensor2D;
  sumW: number;
  l2: number;
}

export async function fitMlp(
  family: Family,
  x: Float32Array,
  p: number,
  t: Target,
  idx: Int32Array,
  ctx: JobContext,
  opts: MlpOptions = {},
): Promise<MlpWeights> {
  const n = idx.length;
  const hidden = opts.hidden ?? 16;
  const iterations = opts.iterations ?? 400;
  const gauss = normal(rng(opts.seed ?? 1));
  const rows = gatherRows(family, t, idx);
  const [W1, B1, W2, B2] = initLayers(p, hidden, outputBiasInit(family, rows), gauss);
  const { y, w, off } = rows;
  const g: MlpGraph = {
    family,
    W1,
    B1,
    W2,
    B2,
    X: tf.tensor2d(x, [n, p]),
    Y: tf.tensor2d(y, [n, 1]),
    Wt: tf.tensor2d(w, [n, 1]),
    Off: tf.tensor2d(off, [n, 1]),
    sumW: w.reduce((a, b) => a + b, 0),
    l2: opts.l2 ?? 1e-4,
  };
  const optimizer = tf.train.adam(opts.learningRate ?? 0.02);
  try {
    await train(g, optimizer, iterations, ctx);
    return await readWeights(g, hidden, rows);
  } finally {
    optimizer.dispose();
    tf.dispose([g.W1, g.B1, g.W2, g.B2, g.X, g.Y, g.Wt, g.Off]);
  }
}

function gatherRows(family: Family, t: Target, idx: Int32Array): MlpRows {
  const n = idx.length;
  const y = new Float32Array(n);
  const w = new Float32Array(n);
  const off = new Float32Array(n);
  let yMean = 0;
  let ySd = 1;
  for (let k = 0; k < n; k++) {
    const r = idx[k]!;
    y[k] = t.y[r]!;
    w[k] = t.w[r]!;
    off[k] = t.offset ? t.offset[r]! : 0;
  }
  if (family === 'linear') {
    let s = 0;
    for (const v of y) s += v;
    yMean = s / n;
    let ss = 0;
    for (const v of y) ss += (v - yMean) ** 2;
    ySd = Math.sqrt(ss / Math.max(1, n - 1)) || 1;
    for (let k = 0; k < n; k++) y[k] = (y[k]! - yMean) / ySd;
  }
  return { y, w, off, yMean, ySd };
}

/** Start the output bias at the link of the mean so training spends its iterations on the effects. */
function outputBiasInit(family: Family, { y, w, off }: MlpRows): number {
  if (family === 'linear') return 0;
  const n = y.length;
  let sw = 0;
  let sy = 0;
  let so = 0;
  for (let k = 0; k < n; k++) {
    sw += w[k]!;
    sy += w[k]! * y[k]!;
    so += off[k]!;
  }
  const m = Math.max(1e-6, sy / sw);
  return family === 'poisson' ? Math.log(m) - so / n : Math.log(Math.min(m, 1 - 1e-6) / (1 - Math.min(m, 1 - 1e-6)));
}

/** He-initialised hidden layer, small output layer, output bias at `b2Init`. */
function initLayers(p: number, hidden: number, b2Init: number, gauss: () => number) {
  const init = (count: number, fanIn: number) =>
    Float32Array.from({ length: count }, () => gauss() * Math.sqrt(2 / Math.max(1, fanIn)));
  // tf.variable copies its initial value: the initial tensors are disposed by the tidy.
  return tf.tidy(() => [
    tf.variable(tf.tensor2d(init(p * hidden, p), [p, hidden])),
    tf.variable(tf.zeros([hidden])),
    tf.variable(
      tf.tensor2d(
        init(hidden, hidden).map((v) => v * 0.1),
        [hidden, 1],
      ),
    ),
    tf.variable(tf.scalar(b2Init)),
  ]) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
}

/** Weighted mean family loss (squared error, Poisson or Bernoulli negative log-likelihood) plus L2 on the weights. */
function loss(g: MlpGraph): tf.Scalar {
  const eta = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(g.X, g.W1), g.B1)), g.W2), g.B2);
  let unit: tf.Tensor;
  if (g.family === 'linear') unit = tf.square(tf.sub(eta, g.Y));
  else if (g.family === 'poisson') {
    const e = tf.add(eta, g.Off);
    unit = tf.sub(tf.exp(e), tf.mul(g.Y, e));
  } else unit = tf.sub(tf.softplus(eta), tf.mul(g.Y, eta));
  const data = tf.div(tf.sum(tf.mul(unit, g.Wt)), g.sumW);
  return tf.add(data, tf.mul(g.l2, tf.add(tf.sum(tf.square(g.W1)), tf.sum(tf.square(g.W2))))) as tf.Scalar;
}

/** Full-batch Adam; every 50th step reads the loss back to report it and yields. */
async function train(g: MlpGraph, optimizer: tf.Optimizer, iterations: number, ctx: JobContext): Promise<void> {
  for (let it = 0; it < iterations; it++) {
    ctx.checkCancelled();
    const cost = optimizer.minimize(() => loss(g), it % 50 === 49);
    if (cost) {
      const v = (await cost.data())[0]!;
      cost.dispose();
      ctx.epoch(it + 1, { loss: v });
      ctx.progress(it + 1, iterations, 'training MLP');
      await ctx.yield();
    }
  }
}

async function readWeights(g: MlpGraph, hidden: number, rows: MlpRows): Promise<MlpWeights> {
  const [w1, b1, w2, b2] = await Promise.all([g.W1.data(), g.B1.data(), g.W2.data(), g.B2.data()]);
  return {
    kind: 'mlp',
    family: g.family,
    hidden,
    w1: Float32Array.from(w1),
    b1: Float32Array.from(b1),
    w2: Float32Array.from(w2),
    b2: b2[0]!,
    yMean: rows.yMean,
    ySd: rows.ySd,
  };
}
