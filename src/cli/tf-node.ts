// TF.js set-up for Node (CLI, unit tests, benchmarks): wasm from node_modules, else cpu.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { initBackend, type BackendInfo, type BackendName } from '../core/tf/backend.ts';

const require = createRequire(import.meta.url);

export function nodeWasmDir(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
}

export async function initNodeBackend(prefer: BackendName = 'wasm'): Promise<BackendInfo> {
  return initBackend({ force: prefer, order: ['wasm', 'cpu'], wasmPaths: nodeWasmDir() });
}
