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
  const l2 = opts.l2 ?? 1e-4;
  const gauss = normal(rng(opts.seed ?? 1));
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
  // Start the output bias at the link of the mean so training spends its iterations on the effects.
  let b2Init = 0;
  if (family !== 'linear') {
    let sw = 0;
    let sy = 0;
    let so = 0;
    for (let k = 0; k < n; k++) {
      sw += w[k]!;
      sy += w[k]! * y[k]!;
      so += off[k]!;
    }
    const m = Math.max(1e-6, sy / sw);
    b2Init =
      family === 'poisson' ? Math.log(m) - so / n : Math.log(Math.min(m, 1 - 1e-6) / (1 - Math.min(m, 1 - 1e-6)));
  }
  const init = (count: number, fanIn: number) =>
    Float32Array.from({ length: count }, () => gauss() * Math.sqrt(2 / Math.max(1, fanIn)));
  // tf.variable copies its initial value: the initial tensors are disposed by the tidy.
  const [W1, B1, W2, B2] = tf.tidy(() => [
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
  const X = tf.tensor2d(x, [n, p]);
  const Y = tf.tensor2d(y, [n, 1]);
  const Wt = tf.tensor2d(w, [n, 1]);
  const Off = tf.tensor2d(off, [n, 1]);
  const sumW = w.reduce((a, b) => a + b, 0);
  const optimizer = tf.train.adam(opts.learningRate ?? 0.02);
  try {
    for (let it = 0; it < iterations; it++) {
      ctx.checkCancelled();
      const cost = optimizer.minimize(
        () => {
          const eta = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(X, W1), B1)), W2), B2);
          let unit: tf.Tensor;
          if (family === 'linear') unit = tf.square(tf.sub(eta, Y));
          else if (family === 'poisson') {
            const e = tf.add(eta, Off);
            unit = tf.sub(tf.exp(e), tf.mul(Y, e));
          } else unit = tf.sub(tf.softplus(eta), tf.mul(Y, eta));
          const data = tf.div(tf.sum(tf.mul(unit, Wt)), sumW);
          return tf.add(data, tf.mul(l2, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2))))) as tf.Scalar;
        },
        it % 50 === 49,
      );
      if (cost) {
        const v = (await cost.data())[0]!;
        cost.dispose();
        ctx.epoch(it + 1, { loss: v });
        ctx.progress(it + 1, iterations, 'training MLP');
        await ctx.yield();
      }
    }
    const [w1, b1, w2, b2] = await Promise.all([W1.data(), B1.data(), W2.data(), B2.data()]);
    return {
      kind: 'mlp',
      family,
      hidden,
      w1: Float32Array.from(w1),
      b1: Float32Array.from(b1),
      w2: Float32Array.from(w2),
      b2: b2[0]!,
      yMean,
      ySd,
    };
  } finally {
    optimizer.dispose();
    tf.dispose([W1, B1, W2, B2, X, Y, Wt, Off]);
  }
}
