// Detects GPU backends that are really CPU emulation (SwiftShader, llvmpipe): slower than WASM, so skipped unless
// forced. Reasons are messages (src/core/msg.ts) the UI words in the reader's language.
import { msg, type Msg } from '../msg.ts';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Why WebGPU is skipped (absent, no adapter, a software fallback), null when it looks like real hardware. */
export async function webgpuSoftwareReason(): Promise<Msg | null> {
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return msg('app_backend_no_webgpu');
  const adapter = (await gpu.requestAdapter()) as { isFallbackAdapter?: boolean; info?: Record<string, string> } | null;
  if (!adapter) return msg('app_backend_no_adapter');
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.device ?? ''} ${info.description ?? ''}`;
  if (adapter.isFallbackAdapter || SOFTWARE.test(text))
    return text.trim()
      ? msg('app_backend_software_gpu', { renderer: text.trim() })
      : msg('app_backend_fallback_adapter');
  return null;
}

/** Why WebGL is skipped (no WebGL2, software rendering), null otherwise (or when it cannot tell). */
export function webglSoftwareReason(): Msg | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return msg('app_backend_no_webgl2');
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE.test(renderer) ? msg('app_backend_software_gpu', { renderer }) : null;
}
