// Service-worker state for the shell: precached ("available offline"), a new version waiting, and the online flag.
/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register';

const UPDATE_CHECK_MS = 60 * 60 * 1000;

class PwaState {
  /** The service worker has precached the app (it reached `installed`/`active`): a reload works with no server. */
  offlineReady = $state(false);
  /** A new build's service worker is installed and waiting for the person to reload. */
  needRefresh = $state(false);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  #update: ((reloadPage?: boolean) => Promise<void>) | null = null;
  #started = false;

  /** Registers the service worker once (no-op in `npm run dev`, where the plugin serves a stub). */
  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    window.addEventListener('online', () => (this.online = true));
    window.addEventListener('offline', () => (this.online = false));
    if (!('serviceWorker' in navigator)) return;
    // `onOfflineReady` fires only on the first install; on later visits an active worker means the precache is
    // complete (Workbox fails the install when any precache entry fails), so `ready` covers both.
    void navigator.serviceWorker.ready.then(() => (this.offlineReady = true));
    this.#update = registerSW({
      onOfflineReady: () => (this.offlineReady = true),
      onNeedRefresh: () => (this.needRefresh = true),
      // A tab left open for days still learns of a new version: ask hourly (each navigation asks too).
      onRegisteredSW: (_url, reg) => {
        if (reg) setInterval(() => navigator.onLine && void reg.update().catch(() => {}), UPDATE_CHECK_MS);
      },
      // Offline, the browser's update check of sw.js fails; the installed worker keeps serving the precache.
      onRegisterError: () => {},
    });
  }

  /** Activates the waiting worker; the page reloads once it takes control (registerSW's 'controlling' handler). */
  async reload(): Promise<void> {
    await this.#update?.(true);
  }
}

export const pwa = new PwaState();
