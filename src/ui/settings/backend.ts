// How the compute backends are named and why one was skipped, in the reader's language (Settings, status bar).
import type { BackendName } from '../../core/tf/backend-names.ts';
import type { Msg } from '../../core/msg.ts';
import { say } from '../say.ts';

/** The names people know the backends by (the same in every language). */
export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** The reason's technical detail: the engine's own error or the GPU renderer string (shown as-is, not translated). */
export function reasonDetail(reason: Msg | string): string {
  if (typeof reason === 'string') return '';
  const p = reason.params ?? {};
  return String(p.error ?? p.renderer ?? '');
}

/** The reason as one line (tooltips): the worded reason, then its detail in parentheses. */
export function sayReason(reason: Msg | string): string {
  const detail = reasonDetail(reason);
  return detail ? `${say(reason)} (${detail})` : say(reason);
}
