// The prebuilt CLI (dist-cli/, scripts/build-cli.mjs): runs without tsx, `--help`, exit codes, `inspect` JSON shape,
// and `inspect` never loading TF.js (the reason it starts in a fraction of a second).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, isFresh, OUT_DIR, ROOT } from '../../../scripts/build-cli.mjs';

const COMMANDS = ['ads', 'auto', 'clv', 'inspect', 'propensity', 'recommend', 'segment'];
const dir = mkdtempSync(join(tmpdir(), 'locallift-cli-'));
const csv = join(dir, 'tiny.csv');
const runner = join(dir, 'run-bundle.mjs');

// Runs dist-cli/main.js itself (no wrapper, no tsx); reports on stderr whether any @tensorflow module was loaded.
const RUNNER = [
  `const { main } = await import(${JSON.stringify(pathToFileURL(join(OUT_DIR, 'main.js')).href)});`,
  'process.exitCode = await main(process.argv.slice(2));',
  "const { createRequire } = await import('node:module');",
  "if (Object.keys(createRequire(process.cwd() + '/').cache).some((k) => k.includes('@tensorflow'))) console.error('TF_LOADED');",
].join('\n');

function bundle(...args: string[]) {
  const r = spawnSync('node', [runner, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function bin(...args: string[]) {
  const r = spawnSync('node', ['bin/locallift.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  if (!isFresh()) await buildCli({ ifStale: true });
  writeFileSync(runner, RUNNER);
  const row = (i: number) => [
    1000 + i,
    'abc'[i % 3],
    (i * 7.5).toFixed(2),
    `2024-0${1 + (i % 9)}-1${i % 10}`,
    i % 4 ? 'No' : 'Yes',
  ];
  const rows = Array.from({ length: 40 }, (_, i) => row(i).join(','));
  writeFileSync(csv, ['customer_id,segment,spend,signup,churned', ...rows, ''].join('\n'));
});

describe('prebuilt CLI (dist-cli)', () => {
  it('is ESM that imports no TypeScript source and no tsx', () => {
    const files = readdirSync(OUT_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files).toContain('main.js');
    for (const f of files) {
      const code = readFileSync(join(OUT_DIR, f), 'utf8');
      expect(code, f).not.toMatch(/(from|import\()\s*["'][^"']*\.ts["']/);
      expect(code, f).not.toMatch(/["']tsx(\/[^"']*)?["']/);
    }
  });

  it('--help lists every command and exits 0; no command exits 2', () => {
    for (const run of [bundle, bin]) {
      const r = run('--help');
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^usage: locallift <command>/);
      expect(r.out).toContain(`commands: ${COMMANDS.join(', ')}`);
    }
    expect(bin().code).toBe(2);
  });

  it('an unknown command exits 2 with the usage on stderr', () => {
    const r = bin('nonsense');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/unknown command `nonsense`/);
    expect(r.err).toContain(COMMANDS.join(', '));
  });

  it('inspect prints rows, columns, quality and format, and does not load TF.js', () => {
    const r = bundle('inspect', csv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).sort()).toEqual(['columns', 'format', 'quality', 'rows']);
    expect(j.rows).toBe(40);
    expect(j.columns.map((c: { name: string }) => c.name)).toEqual([
      'customer_id',
      'segment',
      'spend',
      'signup',
      'churned',
    ]);
    for (const c of j.columns)
      expect(c).toMatchObject({
        name: expect.any(String),
        type: expect.any(String),
        missing: 0,
        distinct: expect.any(Number),
      });
    expect(j.columns.find((c: { name: string }) => c.name === 'churned')).toMatchObject({
      type: 'boolean',
      distinct: 2,
    });
    expect(j.columns.find((c: { name: string }) => c.name === 'spend')).toMatchObject({
      type: 'decimal',
      min: 0,
      max: 292.5,
    });
    expect(Array.isArray(j.quality)).toBe(true);
    expect(j.format).toMatchObject({
      delimiter: ',',
      encoding: 'utf-8',
      hasHeader: true,
      bytes: readFileSync(csv).length,
    });
    expect(bin('inspect', csv).out).toBe(r.out);
  });

  it('inspect errors: a missing file exits 1 with a JSON error, a bad flag exits 2', () => {
    const missing = bin('inspect', join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.err).error.code).toEqual(expect.any(String));
    const bad = bin('inspect', '--role', 'spend=nonsense', csv);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err).error.code).toBe('usage');
  });

  it('freshness: a finished build is reused; an empty folder is not a build', async () => {
    expect(isFresh()).toBe(true);
    expect((await buildCli({ ifStale: true })).built).toBe(false);
    expect(isFresh(mkdtempSync(join(tmpdir(), 'locallift-nobuild-')))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(OUT_DIR, 'build.json'), 'utf8')) as { inputs: string[] };
    expect(manifest.inputs).toContain('src/cli/main.ts');
    expect(manifest.inputs).toContain('src/cli/commands/index.ts');
  });
});
