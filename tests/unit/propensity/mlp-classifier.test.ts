// The propensity MLP's own loop: backprop equals autodiff, seeded determinism, early stopping, no leaks, few syncs.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { CancelledError, silentContext } from '../../../src/core/jobs.ts';
import {
  defaultBatchSize,
  defaultEpochs,
  fitMlp,
  type MlpOptions,
} from '../../../src/core/propensity/mlp-classifier.ts';
import { buildNet, disposeNet, gradient, logits } from '../../../src/core/propensity/mlp-net.ts';
import { normal, rng } from '../../../src/core/random.ts';

beforeAll(async () => {
  await initNodeBackend();
});

/** n rows × p standard-normal features; y from a non-linear planted rule with noise. */
function planted(n: number, p: number, seed = 1): { x: Float32Array; y: Float32Array } {
  const r = normal(rng(seed));
  const x = new Float32Array(n * p).map(() => r());
  const y = new Float32Array(n).map((_, i) => {
    const row = x.subarray(i * p, i * p + p);
    const s = 0.9 * row[0]! - 0.6 * row[1]! + Math.sin(2 * row[2]!) + 0.4 * row[3]! * row[4]!;
    return s + 0.7 * r() > 0.3 ? 1 : 0;
  });
  return { x, y };
}

function fit(n: number, p: number, options: MlpOptions, ctx = silentContext()) {
  const { x, y } = planted(n, p);
  const nTrain = Math.floor(n * 0.8);
  return fitMlp(
    x.subarray(0, nTrain * p),
    y.subarray(0, nTrain),
    nTrain,
    x.subarray(nTrain * p),
    y.subarray(nTrain),
    n - nTrain,
    p,
    options,
    ctx,
  );
}

let numTensors = 0;
afterEach(() => {
  // Leak check for every test: nothing a fit makes outlives it.
  expect(tf.memory().numTensors).toBe(numTensors);
});
beforeAll(() => {
  numTensors = tf.memory().numTensors;
});

describe('propensity MLP', () => {
  it('hand-written backprop equals TF.js autodiff of the class-weighted mean BCE', () => {
    const p = 7,
      n = 33;
    const { x, y } = planted(n, p, 3);
    const w = y.map((v) => (v > 0.5 ? 2.5 : 0.7));
    const net = buildNet(p, [5, 4], 9, 1e-3);
    tf.tidy(() => {
      const xt = tf.tensor2d(x, [n, p]),
        yt = tf.tensor2d(y, [n, 1]),
        wt = tf.tensor2d(w, [n, 1]);
      const ours = gradient(net, { x: xt, xT: tf.transpose(xt), y: yt, w: wt }).g.arraySync();
      const { grads } = tf.variableGrads(() => {
        const z = logits(net, xt);
        const bce = tf.add(tf.sub(tf.relu(z), tf.mul(z, yt)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
        return tf.mean(tf.mul(bce, wt)) as tf.Scalar;
      }, [net.theta]);
      const auto = grads[net.theta.name]!.arraySync() as number[];
      expect(ours).toHaveLength(p * 5 + 5 + 5 * 4 + 4 + 4 + 1);
      ours.forEach((g, i) => expect(g).toBeCloseTo(auto[i]!, 5));
    });
    disposeNet(net);
  });

  it('is deterministic per seed, learns the planted rule, reports loss/acc/val_loss/val_acc per epoch', async () => {
    const a = await fit(3000, 12, { epochs: 6, seed: 4, patience: 10 });
    const b = await fit(3000, 12, { epochs: 6, seed: 4, patience: 10 });
    const c = await fit(3000, 12, { epochs: 6, seed: 5, patience: 10 });
    expect(a.layers.map((l) => [l.inDim, l.outDim, l.activation])).toEqual([
      [12, 64, 'relu'],
      [64, 32, 'relu'],
      [32, 1, 'sigmoid'],
    ]);
    expect(Array.from(a.layers[0]!.weights)).toEqual(Array.from(b.layers[0]!.weights));
    expect(a.epochs).toEqual(b.epochs);
    expect(Array.from(a.layers[0]!.weights)).not.toEqual(Array.from(c.layers[0]!.weights));
    expect(a.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const e of a.epochs) for (const v of Object.values(e)) expect(Number.isFinite(v)).toBe(true);
    expect(a.epochs.at(-1)!.val_loss).toBeLessThan(a.epochs[0]!.val_loss);
    expect(a.epochs.at(-1)!.val_acc).toBeGreaterThan(0.75);
  });

  it('stops after `patience` epochs without improvement and returns the best epoch’s weights', async () => {
    // A large learning rate on few rows overfits quickly: validation loss turns up within a few epochs.
    const res = await fit(400, 12, { epochs: 60, seed: 1, patience: 2, learningRate: 0.05, batchSize: 16 });
    expect(res.stoppedEarly).toBe(true);
    expect(res.epochs.length).toBe(res.bestEpoch + 2);
    const best = Math.min(...res.epochs.map((e) => e.val_loss));
    expect(res.epochs[res.bestEpoch - 1]!.val_loss).toBe(best);
  });

  it('class weights shift the scores towards the weighted class', async () => {
    const plain = await fit(2000, 8, { epochs: 3, seed: 2 });
    const weighted = await fit(2000, 8, { epochs: 3, seed: 2, classWeight: [0.2, 5] });
    // Weighting positives 25× up raises the predicted positive rate: validation accuracy at 0.5 drops.
    expect(weighted.epochs.at(-1)!.val_acc).toBeLessThan(plain.epochs.at(-1)!.val_acc);
  });

  it('a cancel between batches rejects with CancelledError and frees every tensor', async () => {
    let calls = 0;
    const ctx = silentContext(() => ++calls > 25);
    await expect(fit(6000, 10, { epochs: 5, batchSize: 32 }, ctx)).rejects.toBeInstanceOf(CancelledError);
  });

  it('reads back from the backend once per epoch (plus the kept weights), not per batch', async () => {
    const proto = tf.Tensor.prototype as unknown as Record<'data' | 'dataSync' | 'array' | 'arraySync', () => unknown>;
    const names = ['data', 'dataSync', 'array', 'arraySync'] as const;
    const saved = names.map((k) => proto[k]);
    let reads = 0;
    names.forEach((k, i) => {
      proto[k] = function (this: unknown) {
        reads++;
        return saved[i]!.call(this);
      };
    });
    try {
      // 4,000 rows at batch 32: 100 steps an epoch.
      const res = await fit(5000, 10, { epochs: 3, batchSize: 32, patience: 10 });
      expect(res.epochs).toHaveLength(3);
      // Per epoch: train metrics, validation metrics, and the weights when validation loss improved.
      expect(reads).toBeLessThanOrEqual(3 * 3);
    } finally {
      names.forEach((k, i) => (proto[k] = saved[i]!));
    }
  });

  it('defaults to scikit-learn’s batch of min(200, rows)', () => {
    expect(defaultBatchSize(26_400)).toBe(200);
    expect(defaultBatchSize(150)).toBe(150);
  });

  it('defaults to 10 epochs, more on small tables so training takes ≥ 400 steps, at most 60', () => {
    expect(defaultEpochs(26_400, 200)).toBe(10); // 132 steps an epoch
    expect(defaultEpochs(1_400, 200)).toBe(58); // 7 steps an epoch → 58 epochs = 406 steps
    expect(defaultEpochs(640, 200)).toBe(60); // 4 steps: capped
    expect(defaultEpochs(150, 150)).toBe(60);
  });

  it('without epochs given, a small table trains past epoch 10 (early stopping still ends it)', async () => {
    const res = await fit(1500, 8, { seed: 3, patience: 100 });
    expect(res.epochs.length).toBe(defaultEpochs(1200, 200));
    expect(res.epochs.length).toBeGreaterThan(10);
  });
});
