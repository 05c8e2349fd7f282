// Detects GPU backends that are really CPU emulation (SwiftShader, llvmpipe): slower than WASM, so skipped unless
// forced.

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Reason string when WebGPU's adapter is a software fallback, null when it looks like real hardware. */
export async function webgpuSoftwareReason(): Promise<string | null> {
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return 'WebGPU is not available in this browser';
  const adapter = (await gpu.requestAdapter()) as { isFallbackAdapter?: boolean; info?: Record<string, string> } | null;
  if (!adapter) return 'no WebGPU adapter';
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.device ?? ''} ${info.description ?? ''}`;
  if (adapter.isFallbackAdapter || SOFTWARE.test(text))
    return `software GPU emulation (${text.trim() || 'fallback adapter'}): slower than WASM on this machine`;
  return null;
}

/** Reason string when WebGL renders in software, null otherwise (or when it cannot tell). */
export function webglSoftwareReason(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return 'WebGL2 is not available';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE.test(renderer) ? `software GPU emulation (${renderer}): slower than WASM on this machine` : null;
}
