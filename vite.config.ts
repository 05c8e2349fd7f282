/// <reference types="vitest/config" />
// Build, dev server, preview and test configuration for LocalLift.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { paraglideVitePlugin } from '@inlang/paraglide-js';

// Sent as an HTTP header too: a <meta> CSP does not cover module workers.
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
  "worker-src 'self' blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

const headers = { 'Content-Security-Policy': CSP };

// Installable, offline app: Workbox precaches the shell, the ML worker, the three tfjs wasm binaries and the samples
// (each with a revision hash, so a new build replaces exactly what changed); 'prompt' leaves a new version waiting
// until the person reloads (src/state/pwa.svelte.ts). Precached responses keep the headers they were fetched with,
// so the CSP header above comes back from Cache Storage too (tests/e2e/offline.e2e.ts reads it offline).
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false, // registered from src/state/pwa.svelte.ts through virtual:pwa-register
  includeManifestIcons: false, // public/icons/ is in globPatterns already: listed once
  manifest: {
    name: 'LocalLift',
    short_name: 'LocalLift',
    description: 'Private marketing ML that runs entirely on this machine',
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: '#14213d',
    background_color: '#f6f7f9',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,wasm,csv,json,png}'], // manifest.webmanifest is added by the plugin
    globIgnores: ['**/*.truth.json'], // the samples' planted truths are for tests; the app never fetches them
    // Samples are up to ~3 MB each (docs/CONTRIBUTING.md) and the worker bundle ~1.6 MB; Workbox's 2 MiB default
    // would silently leave the larger ones out of the precache.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
  devOptions: { enabled: false }, // `npm run dev` serves without a service worker (no stale modules while editing)
});

export default defineConfig({
  // messages/*.json compiled to typed message functions in src/paraglide/ (options: project.inlang/paraglide.config.js)
  plugins: [paraglideVitePlugin({ project: './project.inlang', outdir: './src/paraglide' }), svelte(), pwa],
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
