// E2E harness: serves the built app with `vite preview`, drives the system Chromium through playwright-core,
// and records every request so a test can fail on any foreign origin.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type Plugin, type PreviewServer } from 'vite';

export function findChrome(): string {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `No Chromium found (tried ${candidates.join(', ')}). Install Debian's \`chromium\` or set CHROME_PATH.`,
    );
  return found;
}

export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export interface App {
  url: string;
  origin: string;
  context: BrowserContext;
  page: Page;
  /** Every URL requested by any page or worker in the context. */
  requests: string[];
  /** Requests to an origin other than the app's. */
  foreignRequests(): string[];
  consoleErrors: string[];
  /** Uncaught exceptions in the page (`pageerror`): closeApp fails the file on any. */
  pageErrors: string[];
  /** Restart the browser with the same profile (storage survives). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

let server: PreviewServer | null = null;
/** The file's port, kept across pauseServer so resumeServer brings back the same origin (its storage, its SW). */
let port: number | null = null;
/** Appended to sw.js while set (resumeServer): the browser then sees a new service-worker version. */
let swSuffix: string | null = null;

// Runs before vite preview's static files; the CSP header is set by preview's own middleware only after this one.
const swOverride: Plugin = {
  name: 'e2e-sw-override',
  configurePreviewServer(s) {
    s.middlewares.use((req, res, next) => {
      if (swSuffix === null || !req.url?.split('?')[0]?.endsWith('/sw.js')) return next();
      const csp = s.config.preview.headers?.['Content-Security-Policy'];
      if (typeof csp === 'string') res.setHeader('Content-Security-Policy', csp);
      res.setHeader('Content-Type', 'text/javascript');
      res.setHeader('Cache-Control', 'no-cache');
      res.end(readFileSync('dist/sw.js', 'utf8') + swSuffix);
    });
  },
};

async function serve(): Promise<string> {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
  server ??= await preview({
    logLevel: 'warn',
    plugins: [swOverride],
    preview: { host: '127.0.0.1', port: port ?? 0, strictPort: port !== null, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  port = Number(new URL(url).port);
  return url;
}

export async function stopServer(): Promise<void> {
  await server?.close();
  server = null;
  port = null;
  swSuffix = null;
}

/** Stops serving for real (connections are refused) but keeps the port for resumeServer. */
export async function pauseServer(): Promise<void> {
  await server?.close();
  server = null;
}

/**
 * Serves dist/ again on the same port (same origin). With `swSuffix`, sw.js is served with that text appended: a
 * byte-different service worker, as a new build would bring, without touching dist/.
 */
export async function resumeServer(options: { swSuffix?: string } = {}): Promise<string> {
  swSuffix = options.swSuffix ?? null;
  return serve();
}

/** `locale`: the browser's language (navigator.language, Accept-Language): 'zh-CN' makes a first visit Chinese. */
export async function launchApp(path = '', options: { locale?: string } = {}): Promise<App> {
  const url = await serve();
  const origin = new URL(url).origin;
  const profile = mkdtempSync(join(tmpdir(), 'locallift-e2e-'));
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const open = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: findChrome(),
      headless: true,
      args: CHROME_ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      ...(options.locale ? { locale: options.locale } : {}),
    });
    context.on('request', (r) => requests.push(r.url()));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => {
      consoleErrors.push(String(e));
      pageErrors.push(String(e));
    });
    await page.goto(url + path);
    return { context, page };
  };
  let { context, page } = await open();
  const app: App = {
    url,
    origin,
    context,
    page,
    requests,
    consoleErrors,
    pageErrors,
    foreignRequests: () =>
      requests.filter((r) => {
        if (r.startsWith('data:') || r.startsWith('blob:')) return false;
        try {
          return new URL(r).origin !== origin;
        } catch {
          return true;
        }
      }),
    async restart() {
      await context.close();
      ({ context, page } = await open());
      app.context = context;
      app.page = page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return app;
}

/** Waits until the status bar shows an accepted backend; returns its name. */
export async function backendReady(page: Page, timeout = 90_000): Promise<string> {
  const el = page.getByTestId('backend-name');
  await el.waitFor({ timeout });
  return (await el.getAttribute('data-backend')) ?? '';
}

/** Launches the app with a fresh profile and waits for the ML backend (beforeAll of every E2E file). */
export async function openApp(path = '', options: { locale?: string } = {}): Promise<App> {
  const app = await launchApp(path, options);
  await backendReady(app.page);
  return app;
}

/**
 * Closes the browser and the server, then fails the file if any request left the app's origin or the page threw an
 * uncaught error at any point of the file (afterAll): the whole suite runs with zero `pageerror` events.
 */
export async function closeApp(app: App | undefined): Promise<void> {
  const foreign = app?.foreignRequests() ?? [];
  const thrown = app?.pageErrors ?? [];
  await app?.close();
  await stopServer();
  if (foreign.length) throw new Error(`requests to other origins: ${foreign.join(', ')}`);
  if (thrown.length) throw new Error(`uncaught page errors: ${thrown.join(' | ')}`);
}
