// A small real TF.js fit (y = 2x − 1 with noise) that proves progress, epochs and cancel end to end.
import * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../jobs.ts';
import { normal, rng } from '../random.ts';

export interface DemoFitSpec {
  kind: 'demo-fit';
  epochs: number;
  rows?: number;
  seed?: number;
}
export interface DemoFitResult {
  slope: number;
  intercept: number;
  loss: number;
  epochs: number;
  backend: string;
  metrics: { loss: number; slope: number };
}

export async function demoFit(spec: DemoFitSpec, ctx: JobContext): Promise<DemoFitResult> {
  const n = spec.rows ?? 256;
  const rand = rng(spec.seed ?? 1);
  const noise = normal(rand);
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = rand() * 2 - 1;
    ys[i] = 2 * xs[i]! - 1 + 0.05 * noise();
  }
  const x = tf.tensor2d(xs, [n, 1]);
  const y = tf.tensor2d(ys, [n, 1]);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })] });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  let cancelled = false;
  let lastLoss = NaN;
  try {
    await model.fit(x, y, {
      epochs: spec.epochs,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch, logs) => {
          lastLoss = Number(logs?.loss ?? NaN);
          ctx.epoch(epoch + 1, { loss: lastLoss });
          ctx.progress(epoch + 1, spec.epochs, 'training');
          await ctx.yield();
          try {
            ctx.checkCancelled();
          } catch {
            cancelled = true;
            model.stopTraining = true;
          }
        },
      },
    });
    ctx.checkCancelled();
    const [w, b] = model.getWeights();
    const slope = (await w!.data())[0]!;
    const intercept = (await b!.data())[0]!;
    return {
      slope,
      intercept,
      loss: lastLoss,
      epochs: spec.epochs,
      backend: tf.getBackend(),
      metrics: { loss: lastLoss, slope },
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    if (cancelled) ctx.checkCancelled();
  }
}
