// `locallift inspect <file>`: the JSON shape the README documents, flags, and errors as JSON on stderr.
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { run } from '../../../src/cli/commands/data.ts';
import { main } from '../../../src/cli/main.ts';
import { BAD, DATASETS } from './helpers.ts';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out.push(a.join(' '));
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err.push(a.join(' '));
  });
  try {
    const code = await fn();
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('locallift inspect', () => {
  it('prints rows, columns (type, role, roleConfidence, missing, distinct), quality and format', async () => {
    const { code, out } = await capture(() => run([join(DATASETS, 'telco-customer-churn/telco-test.csv')]));
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.rows).toBe(1409);
    expect(json.format).toMatchObject({ delimiter: ',', encoding: 'utf-8', hasHeader: true, bytes: 194514 });
    const churn = json.columns.find((c: { name: string }) => c.name === 'Churn');
    expect(churn).toMatchObject({ type: 'boolean', role: 'target', missing: 0, distinct: 2 });
    expect(churn.roleConfidence).toBeGreaterThan(0.5);
    expect(
      json.quality.find((q: { code: string; column: string }) => q.code === 'missing' && q.column === 'TotalCharges')
        .count,
    ).toBe(3);
  });

  it('--role overrides and --delimiter/--no-header flags', async () => {
    const { out } = await capture(() =>
      run(['--role', 'tenure=quantity', join(DATASETS, 'telco-customer-churn/telco-test.csv')]),
    );
    expect(JSON.parse(out).columns.find((c: { name: string }) => c.name === 'tenure').role).toBe('quantity');
    const nh = await capture(() => run(['--no-header', '--delimiter', 'pipe', join(BAD, 'pipe-separated.csv')]));
    expect(JSON.parse(nh.out).rows).toBe(4);
  });

  it('a bad file exits 1 with the error code as JSON on stderr', async () => {
    const { code, err } = await capture(() => main(['inspect', join(BAD, 'empty.csv')]));
    expect(code).toBe(1);
    expect(JSON.parse(err).error.code).toBe('empty-file');
  });

  it('usage errors exit 2', async () => {
    const none = await capture(() => main(['inspect']));
    expect(none.code).toBe(2);
    expect(JSON.parse(none.err).error).toMatchObject({
      code: 'usage',
      message: expect.stringMatching(/missing the input file/),
    });
    const bad = await capture(() => main(['inspect', '--role', 'x=nonsense', 'f.csv']));
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err).error).toMatchObject({
      code: 'usage',
      message: expect.stringMatching(/--role expects column=role/),
    });
  });
});
