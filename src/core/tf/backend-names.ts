// Backend names and info shape, free of TF.js so the UI can import them without pulling tf into the main bundle.
import type { Msg } from '../msg.ts';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendInfo {
  name: BackendName;
  /** Self-test wall time of the chosen backend, ms. */
  selfTestMs: number;
  selfTest: 'passed';
  /** Why each higher-priority backend was not used (a message the UI words). */
  skipped: { name: BackendName; reason: Msg }[];
  forced: boolean;
}
