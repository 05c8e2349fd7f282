/// <reference types="vitest/config" />
// Build, dev server, preview and test configuration for LocalLift.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Sent as an HTTP header too: a <meta> CSP does not cover module workers.
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
  "worker-src 'self' blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

const headers = { 'Content-Security-Policy': CSP };

export default defineConfig({
  plugins: [svelte()],
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es', rolldownOptions: { output: { comments: false } } },
  // Worker deps pre-bundled up front, or the dev server re-optimises on the worker's first load and reloads the page.
  optimizeDeps: {
    include: [
      'papaparse',
      'comlink',
      'idb',
      'chart.js/auto',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  server: { headers, host: '127.0.0.1' },
  preview: { headers, host: '127.0.0.1' },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
