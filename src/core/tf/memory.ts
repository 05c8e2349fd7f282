// Tensor-memory helpers: leak checks around async work.
import * as tf from '@tensorflow/tfjs';

/** Runs `fn` and throws if it leaves more tensors alive than it started with. */
export async function assertNoLeak<T>(fn: () => Promise<T>, what = 'job'): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`${what} leaked ${after - before} tensors`);
  return out;
}
