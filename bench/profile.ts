// `npm run bench -- profile`: k-means speed and quality — online-retail RFM (k = 4) and a synthetic 1,000,000 × 16
// matrix (8 blobs, k = 8, 50 Lloyd iterations) per Node backend, against a plain typed-array Lloyd baseline.
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../src/cli/tf-node.ts';
import { loadCsvFile } from '../src/cli/load-file.ts';
import { silentContext } from '../src/core/jobs.ts';
import { computeRfm } from '../src/core/features/rfm.ts';
import { applyPipeline, fitPipeline } from '../src/core/features/pipeline.ts';
import { kmeansResident, uploadMatrix } from '../src/core/profile/kmeans.ts';
import { normal, rng } from '../src/core/random.ts';
import { dataset } from '../tests/datasets.ts';

const RETAIL = dataset('online-retail/online-retail.csv');
const REF_MS_PER_ITER = 42; // scikit-learn Lloyd, 1 thread, same machine class (ANCHORS.md)

/** A context whose yield is free: the benchmark measures the math, not event-loop turns. */
const benchCtx = { ...silentContext(), yield: async () => {} };

function blobs(n: number, d: number, k: number, seed: number): Float32Array {
  const rand = rng(seed), g = normal(rand);
  const centres = Float64Array.from({ length: k * d }, () => (rand() * 2 - 1) * 10);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(rand() * k);
    for (let t = 0; t < d; t++) x[i * d + t] = centres[b * d + t]! + g();
  }
  return x;
}

/** One plain-JS Lloyd iteration (assign + update), the in-process baseline. */
function jsLloydIteration(x: Float32Array, n: number, d: number, c: Float64Array, k: number): Float64Array {
  const sums = new Float64Array(k * d), counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let best = 0, bestD = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) { const diff = x[i * d + t]! - c[j * d + t]!; s += diff * diff; }
      if (s < bestD) { bestD = s; best = j; }
    }
    counts[best]!++;
    for (let t = 0; t < d; t++) sums[best * d + t]! += x[i * d + t]!;
  }
  return sums.map((s, idx) => (counts[Math.floor(idx / d)]! ? s / counts[Math.floor(idx / d)]! : c[idx]!));
}

async function retail(backend: 'wasm' | 'cpu'): Promise<void> {
  if (!existsSync(RETAIL)) { console.log('online-retail: file not found, skipped'); return; }
  await initNodeBackend(backend);
  const t0 = performance.now();
  const data = await loadCsvFile(RETAIL);
  const t1 = performance.now();
  const rfm = await computeRfm(data.table, data.roles);
  const p = fitPipeline(rfm.table, ['recency_days', 'frequency', 'monetary'], { log: 'all' });
  const fm = applyPipeline(p, rfm.table);
  const t2 = performance.now();
  const m = uploadMatrix(fm.data, fm.rows, fm.cols);
  const res = await kmeansResident(m, { k: 4, seed: 0, restarts: 10 }, benchCtx);
  m.dispose();
  const t3 = performance.now();
  const iters = res.runs.reduce((a, r) => a + r.iterations, 0);
  console.log(`online-retail RFM [${backend}]: load ${((t1 - t0) / 1000).toFixed(2)} s, RFM+features ${((t2 - t1) / 1000).toFixed(2)} s, ` +
    `k-means k=4 × 10 restarts ${((t3 - t2) / 1000).toFixed(2)} s (${iters} Lloyd iterations, ${(res.lloydMs / iters).toFixed(2)} ms/iteration), ` +
    `inertia ${res.inertia.toFixed(2)} (reference 3952.57, ${(100 * (res.inertia / 3952.57 - 1)).toFixed(2)} %), sizes ${res.sizes.slice().sort((a, b) => a - b).join('/')} (reference 700/838/1175/1626)`);
}

async function synthetic(backend: 'wasm' | 'cpu', x: Float32Array, n: number, d: number, k: number, iterations: number): Promise<number> {
  await initNodeBackend(backend);
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  const m = uploadMatrix(x, n, d);
  const tUp = performance.now();
  const res = await kmeansResident(m, { k, seed: 0, restarts: 1, maxIter: iterations, tol: -1, seeding: 'random' }, benchCtx);
  m.dispose();
  const total = (performance.now() - t0) / 1000;
  const perIter = res.lloydMs / res.iterations;
  console.log(`synthetic ${n.toLocaleString('en-GB')}×${d}, k=${k} [${backend}]: ${res.iterations} Lloyd iterations, ${perIter.toFixed(1)} ms/iteration ` +
    `(${(perIter / REF_MS_PER_ITER).toFixed(2)}× the 42 ms reference; target ≤ 1.5×), upload ${(tUp - t0).toFixed(0)} ms, total ${total.toFixed(2)} s ` +
    `incl. seeding + final assignment, inertia ${res.inertia.toExponential(6)}, sizes ${res.sizes.join('/')}, tensors leaked ${tf.memory().numTensors - before}`);
  return perIter;
}

export async function main(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const n = quick ? 100_000 : 1_000_000, d = 16, k = 8;
  await retail('wasm');
  await retail('cpu');
  const x = blobs(n, d, k, 0);
  // Baseline in this process: plain typed-array Lloyd, 2 iterations from k evenly spaced rows.
  let c: Float64Array = Float64Array.from({ length: k * d }, (_, i) => x[Math.floor(i / d) * Math.floor(n / k) * d + (i % d)]!);
  const tb = performance.now();
  for (let it = 0; it < 2; it++) c = jsLloydIteration(x, n, d, c, k);
  const jsMs = (performance.now() - tb) / 2;
  console.log(`baseline plain-JS Lloyd on ${n.toLocaleString('en-GB')}×${d}: ${jsMs.toFixed(1)} ms/iteration`);
  const wasmMs = await synthetic('wasm', x, n, d, k, 50);
  console.log(`  wasm vs plain JS: ${(jsMs / wasmMs).toFixed(2)}× faster`);
  // The TF.js cpu backend runs plain-JS kernels with per-op allocation: capped at 5 iterations on the same matrix.
  const cpuMs = await synthetic('cpu', x, n, d, k, 5);
  console.log(`  cpu backend capped at 5 iterations (it is ${(cpuMs / wasmMs).toFixed(1)}× slower than wasm here)`);
}
