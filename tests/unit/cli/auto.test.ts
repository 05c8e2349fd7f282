// `locallift auto`: the file's shape, roles, reasons and suggestion as JSON, then the suggested job's own JSON as
// "result" (or none with --dry-run); --role overrides re-run the suggestion.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/auto.ts';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { rng } from '../../../src/core/random.ts';

const dir = mkdtempSync(join(tmpdir(), 'locallift-auto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => initNodeBackend());

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const out: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  try {
    const code = await run(args);
    // The last printed block is auto's own JSON (the job's output is captured into it).
    return { code, json: JSON.parse(out[out.length - 1]!) as Record<string, unknown> };
  } finally {
    spy.mockRestore();
  }
}

function customers(): string {
  const r = rng(4);
  const lines = ['client_no,age,plan,visits,renewed'];
  for (let i = 0; i < 400; i++) {
    const visits = Math.floor(r() * 20);
    lines.push(
      `K${i},${20 + Math.floor(r() * 50)},${['a', 'b', 'c'][i % 3]},${visits},${r() < 0.2 + visits / 30 ? 'yes' : 'no'}`,
    );
  }
  const file = join(dir, 'customers.txt'); // any extension: judged by content
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('locallift auto', () => {
  it('--dry-run: a customer table with an outcome → propensity on it, with reasons and roles', async () => {
    const { code, json } = await cli([customers(), '--dry-run']);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      shape: 'customers-outcome',
      roles: { client_no: 'customer_id', renewed: 'target' },
      suggested: { job: 'propensity', target: 'renewed' },
      result: null,
    });
    expect((json.reasons as string[]).join(' ')).toMatch(/one row per `client_no`.*`renewed` is the outcome/);
  });

  it('runs the suggested job and embeds its JSON; a --role override changes the suggestion', async () => {
    const file = customers();
    const { json } = await cli([file]);
    const result = json.result as { model: string; test: { auc: number } };
    expect(result.test.auc).toBeGreaterThan(0.6);
    const segmented = await cli([file, '--role', 'renewed=categorical', '--dry-run']);
    expect(segmented.json).toMatchObject({ shape: 'customers', suggested: { job: 'segment' } });
  }, 60_000);
});
