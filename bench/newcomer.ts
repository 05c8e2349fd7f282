// `npm run bench -- newcomer [--files a,b] [--timeout s]`: the first minute of a stranger, measured. For every corpus
// file (bench/newcomer/corpus.ts) in a fresh Chromium profile of the built app: wait for the first-visit sample import,
// drop the file, follow what the app offers ("What is this file?" → primary button; a marked missing choice gets its
// first option and the page's Run), and time drop → the page's first result, counting clicks and page errors.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { CHROME_ARGS, findChrome } from '../tests/e2e/harness.ts';
import { benchArgs, flag, intOption } from './args.ts';
import { buildCorpus, type CorpusFile } from './newcomer/corpus.ts';
import { report, type Outcome } from './newcomer/report.ts';

/** Each page's first result on screen (the elements its E2E tests wait for), its Run button and dataset picker. */
const PAGES: Record<string, { result: string; run: string; picker: string }> = {
  segments: { result: 'segment-results', run: 'segment-run', picker: 'segment-dataset' },
  propensity: { result: 'propensity-results', run: 'propensity-run', picker: 'propensity-dataset' },
  clv: { result: 'clv-results', run: 'clv-run', picker: 'clv-dataset' },
  recommendations: { result: 'rec-results', run: 'rec-run', picker: 'rec-dataset' },
  ads: { result: 'ads-results', run: 'ads-run', picker: 'ads-dataset' },
};

const q = (id: string) => `[data-testid="${id}"]`;

/** An element that must be on the page (with this exact text, when given). */
interface Check {
  sel: string;
  text?: string;
}

/** Waits until one of the checks holds; resolves to its key (`timeout` when none did in time). */
async function waitAny(page: Page, checks: Record<string, Check>, ms: number): Promise<string> {
  if (ms <= 0) return 'timeout';
  const probe = (c: Record<string, Check>) => {
    for (const [key, { sel, text }] of Object.entries(c)) {
      const el = document.querySelector(sel);
      if (el && (text === undefined || el.textContent === text)) return key;
    }
    return null;
  };
  const h = await page.waitForFunction(probe, checks, { timeout: ms, polling: 100 }).catch(() => null);
  return h ? ((await h.jsonValue()) as string) : 'timeout';
}

const on = (id: string): Check => ({ sel: q(id) });
const text = async (page: Page, id: string) => ((await page.locator(q(id)).first().textContent()) ?? '').trim();

/** Drop → import (confirming a PII review) → the dataset with its "What is this file?" card. */
async function dropAndRead(page: Page, f: CorpusFile, o: Outcome, deadline: number): Promise<boolean> {
  await page.locator(q('file-input')).setInputFiles(f.path);
  for (;;) {
    const got = await waitAny(
      page,
      {
        pii: on('import-confirm'),
        rejected: on('import-rejected'),
        error: { sel: `${q('dropzone')} ${q('job-error')}` },
        titled: { sel: q('dataset-title'), text: f.name },
      },
      deadline - Date.now(),
    );
    if (got === 'pii') {
      await page.locator(q('import-confirm')).click();
      o.clicks++;
      continue;
    }
    if (got === 'titled') {
      // The new dataset is shown: its card comes once the worker has answered "What is this file?".
      if ((await waitAny(page, { card: on('shape-card') }, deadline - Date.now())) === 'card') break;
      o.note = 'no "What is this file?" card in time';
      return false;
    }
    o.note =
      got === 'timeout'
        ? 'import or shape timed out'
        : await text(page, got === 'error' ? 'job-error' : 'import-rejected');
    return false;
  }
  o.size = (/^([\d,]+ rows × \d+)/.exec(await text(page, 'dataset-facts'))?.[1] ?? '?').replace(' rows × ', '×');
  o.shape = (await page.locator(q('shape-card')).getAttribute('data-shape')) ?? '?';
  return true;
}

/**
 * A newcomer's answer to a marked choice: the first option that is not the suggestion's own target (one click); a fix
 * that maps a role is waited for (the page judges the dataset again). Returns the note for the table.
 */
async function makeChoice(page: Page, label: string, o: Outcome): Promise<string> {
  const el = page.locator('[data-needs-choice]').first();
  const why = (await el.getAttribute('title')) ?? '';
  const id = (await el.getAttribute('data-testid')) ?? '';
  if ((await el.evaluate((e) => e.tagName)) !== 'SELECT') return `choice needed: ${why}`;
  const target = /\((.*)\)$/.exec(label)?.[1];
  const values = await el.locator('option').evaluateAll((os) => os.map((x) => (x as HTMLOptionElement).value));
  const pick = values.find((v) => v !== '' && v !== target);
  if (pick === undefined) return `choice needed, none to pick: ${why}`;
  await el.selectOption(pick);
  o.clicks++;
  // A fix is saved when the picker says so, or when the dataset is usable and the fix select goes away.
  const done = [q(`${id.replace(/-fix-.*$/, '')}-fix-done`), q(id)] as const;
  if (id.includes('-fix-'))
    await page.waitForFunction(([d, f]) => !!document.querySelector(d) || !document.querySelector(f), done, {
      timeout: 30_000,
    });
  return `choice needed (${why}): picked ${pick}`;
}

/** Primary button → the page's result (a marked missing choice: its first option, then Run). */
async function followSuggestion(page: Page, o: Outcome, t0: number, deadline: number): Promise<void> {
  if (!(await page.locator(q('shape-primary')).count())) {
    o.job = '—';
    const card = await text(page, 'shape-card');
    o.note = `no analysis offered: ${card
      .replace(/^What is this file\?\s*/, '')
      .replace(/\s+/g, ' ')
      .slice(0, 70)}`;
    return;
  }
  const label = await text(page, 'shape-primary');
  await page.locator(q('shape-primary')).click();
  o.clicks++;
  await page.waitForFunction(() => !/^#\/data/.test(location.hash), null, { timeout: 10_000 }).catch(() => null);
  const name = (await page.evaluate(() => location.hash)).replace(/^#\//, '');
  const target = PAGES[name];
  o.job = `${name}${/\(.*\)$/.exec(label)?.[0].replace(/^/, ' ') ?? ''}`;
  if (!target) {
    o.note = `primary button led to #/${name}`;
    return;
  }
  let chose = false;
  for (;;) {
    const got = await waitAny(
      page,
      {
        result: on(target.result),
        error: on('job-error'),
        broken: on('page-error'),
        ...(chose ? {} : { choice: { sel: '[data-needs-choice]' } }),
      },
      deadline - Date.now(),
    );
    if (got === 'result') {
      o.seconds = (Date.now() - t0) / 1000;
      // The result must be the dropped file's (a fresh profile has no other results, but the page could show another).
      const picked = page.locator(`${q(target.picker)} option:checked`);
      const shown = (await picked.textContent({ timeout: 2_000 }).catch(() => null))?.trim();
      if (shown === o.file.name) return;
      // The picker may annotate the name (e.g. " — cannot use as it is"): still this file, and worth a note.
      if (shown?.startsWith(`${o.file.name} `)) {
        o.note = `picker says: ${shown.slice(o.file.name.length).replace(/^\s*—\s*/, '')}`;
        return;
      }
      o.note = `a result is shown, but for “${shown ?? '?'}”, not the dropped file`;
      o.seconds = null;
      return;
    }
    if (got === 'choice') {
      chose = true;
      // A choice marked beside a job that already runs (the page's fix for a fuller analysis) waits for its result.
      if (await page.locator(q('job-panel')).count()) {
        o.note = `choice marked beside the result: ${await page.locator('[data-needs-choice]').first().getAttribute('title')}`;
        continue;
      }
      o.note = await makeChoice(page, label, o);
      await page.locator(q(target.run)).click();
      o.clicks++;
      continue;
    }
    o.note =
      got === 'timeout'
        ? `no result in time on ${name}`
        : `${got}: ${(await text(page, got === 'error' ? 'job-error' : 'page-error')).slice(0, 100)}`;
    return;
  }
}

async function measure(url: string, f: CorpusFile, timeoutS: number, early: boolean): Promise<Outcome> {
  const o: Outcome = {
    file: f,
    size: '?',
    shape: '?',
    job: '?',
    cardSeconds: null,
    seconds: null,
    clicks: 0,
    pageErrors: [],
    samplesSeconds: 0,
    note: '',
  };
  const profile = mkdtempSync(join(tmpdir(), 'locallift-newcomer-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChrome(),
    headless: true,
    args: CHROME_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => o.pageErrors.push(String(e)));
    const s0 = Date.now();
    await page.goto(url + '#/data');
    await page.locator(q('backend-name')).waitFor({ timeout: 120_000 });
    // The first visit imports the sample workspace through the same worker queue: let it finish first, so the drop
    // is not queued behind it (a newcomer reading the page for a few seconds gives it the same head start);
    // --drop-early drops at once and measures the contention.
    if (!early) {
      await page.locator(q('samples-loaded')).waitFor({ timeout: 180_000 });
      o.samplesSeconds = (Date.now() - s0) / 1000;
    }
    const t0 = Date.now();
    const deadline = t0 + timeoutS * 1000;
    if (await dropAndRead(page, f, o, deadline)) {
      o.cardSeconds = (Date.now() - t0) / 1000;
      await followSuggestion(page, o, t0, deadline);
    }
  } catch (e) {
    o.note = `bench error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return o;
}

export async function main(args: string[]): Promise<void> {
  const { options } = benchArgs(args);
  const timeoutS = intOption(options, 'timeout', 180);
  const early = flag(options, 'drop-early');
  const only = typeof options.files === 'string' ? options.files.split(',').filter(Boolean) : [];
  if (!existsSync('dist/index.html')) {
    console.log('dist/ is missing: run `npm run build` first');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'locallift-newcomer-corpus-'));
  // Serve a snapshot of dist/: a rebuild in the working tree during the run must not break the pages under test.
  cpSync('dist', join(dir, 'dist'), { recursive: true });
  let server: PreviewServer | null = null;
  try {
    const { files, missing } = buildCorpus(dir, only);
    for (const m of missing) console.log(`variant not written: ${m}`);
    const when = early ? 'dropped as soon as the backend is ready' : 'dropped after the first-visit sample import';
    console.log(`${files.length} corpus files, ${when}; timeout ${timeoutS} s per file`);
    server = await preview({
      logLevel: 'warn',
      build: { outDir: join(dir, 'dist') },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    const started = new Date();
    const rows: Outcome[] = [];
    for (const f of files) {
      const r = await measure(url, f, timeoutS, early);
      console.log(
        `  ${f.label}: ${r.shape} → ${r.job} · ${r.seconds?.toFixed(1) ?? '—'} s · ${r.clicks} clicks${r.note ? ` · ${r.note}` : ''}`,
      );
      rows.push(r);
    }
    report(rows, started);
  } finally {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
