// TF.js backend ladder: webgpu → webgl → wasm → cpu, each accepted only after a self-test.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { webglSoftwareReason, webgpuSoftwareReason } from './software-gpu.ts';
import { BACKEND_ORDER, type BackendInfo, type BackendName } from './backend-names.ts';
import { msg, type Msg } from '../msg.ts';

export { BACKEND_ORDER, type BackendInfo, type BackendName };

export interface BackendPrefs {
  /** Force one backend; falls back down the ladder (with a reason) if it fails. */
  force?: BackendName | null;
  order?: readonly BackendName[];
  /** Where the tfjs-backend-wasm binaries are: a directory prefix or a name → URL map. */
  wasmPaths?: string | Record<string, string>;
  timeoutMs?: number;
}

let wasmConfigured = false;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** A small known computation: matmul + reduction + a gradient. Throws when the numbers are wrong. */
export async function selfTest(): Promise<void> {
  const before = tf.memory().numTensors;
  const a = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  const b = tf.tensor2d([
    [5, 6],
    [7, 8],
  ]);
  const prod = tf.matMul(a, b);
  const s = tf.tidy(() => tf.sum(tf.sigmoid(tf.zeros([4]))));
  const x = tf.tensor1d([1, -2, 3]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(tf.square(v)))(x);
  const [p, sv, gv] = await Promise.all([prod.data(), s.data(), g.data()]);
  tf.dispose([a, b, prod, s, x, g]);
  const expectP = [19, 22, 43, 50];
  const expectG = [2, -4, 6];
  const close = (x: ArrayLike<number>, y: number[]) => y.every((v, i) => Math.abs((x[i] ?? NaN) - v) < 1e-3);
  if (!close(p, expectP))
    throw new Error(`self-test matmul gave [${Array.from(p).join(', ')}], expected [${expectP.join(', ')}]`);
  if (Math.abs((sv[0] ?? NaN) - 2) > 1e-3) throw new Error(`self-test sigmoid sum gave ${sv[0]}, expected 2`);
  if (!close(gv, expectG))
    throw new Error(`self-test gradient gave [${Array.from(gv).join(', ')}], expected [${expectG.join(', ')}]`);
  // Tensors created by the gradient closure are tidied by tf.grad; anything left is a leak.
  if (tf.memory().numTensors > before) throw new Error('self-test leaked tensors');
}

/**
 * Choose the backend. Must run before any data tensors exist (setBackend disposes them).
 */
export async function initBackend(prefs: BackendPrefs = {}): Promise<BackendInfo> {
  // Threaded WASM hangs (its helper workers die); SIMD works. See STACK-NOTES.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (prefs.wasmPaths !== undefined && !wasmConfigured) {
    setWasmPaths(prefs.wasmPaths as Parameters<typeof setWasmPaths>[0]);
    wasmConfigured = true;
  }
  const order = prefs.order ?? BACKEND_ORDER;
  const ladder: BackendName[] = prefs.force ? [prefs.force, ...order.filter((b) => b !== prefs.force)] : [...order];
  const skipped: { name: BackendName; reason: Msg }[] = [];
  const timeoutMs = prefs.timeoutMs ?? 15_000;
  for (const name of ladder) {
    if (!tf.engine().registryFactory[name]) {
      skipped.push({ name, reason: msg('app_backend_not_registered') });
      continue;
    }
    try {
      // A GPU backend on a CPU emulator is slower than WASM: skip it unless the user forced it.
      if (prefs.force !== name && (name === 'webgpu' || name === 'webgl')) {
        const soft =
          name === 'webgpu'
            ? await withTimeout(webgpuSoftwareReason(), timeoutMs, 'WebGPU adapter')
            : webglSoftwareReason();
        if (soft) {
          skipped.push({ name, reason: soft });
          continue;
        }
      } else if (name === 'webgpu' && !(typeof navigator !== 'undefined' && 'gpu' in navigator)) {
        skipped.push({ name, reason: msg('app_backend_no_webgpu') });
        continue;
      }
      const ok = await withTimeout(tf.setBackend(name), timeoutMs, `backend ${name}`);
      if (!ok) throw new Error('initialisation failed');
      await withTimeout(tf.ready(), timeoutMs, `backend ${name}`);
      const t0 = performance.now();
      await withTimeout(selfTest(), timeoutMs, `self-test on ${name}`);
      return { name, selfTestMs: performance.now() - t0, selfTest: 'passed', skipped, forced: prefs.force === name };
    } catch (e) {
      // The engine's own words (a timeout, a self-test mismatch) are kept as the detail.
      skipped.push({ name, reason: msg('app_backend_failed', { error: e instanceof Error ? e.message : String(e) }) });
    }
  }
  // English for logs: the engine's error or the renderer where there is one, else the reason's key.
  const why = skipped.map(
    (s) => `${s.name}: ${String(s.reason.params?.error ?? s.reason.params?.renderer ?? s.reason.key)}`,
  );
  throw new Error(`no TF.js backend passed its self-test: ${why.join('; ')}`);
}

export function currentBackend(): string {
  return tf.getBackend();
}
