// `locallift segment` and `locallift propensity` end to end on the generated samples: JSON shape, CSV outputs, errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate as shop } from '../../../scripts/samples/ecommerce.ts';
import { generate as customers } from '../../../scripts/samples/customers.ts';

const dir = mkdtempSync(join(tmpdir(), 'locallift-profile-'));
const shopCsv = join(dir, 'shop.csv');
const custCsv = join(dir, 'customers.csv');

function cli(...args: string[]) {
  const r = spawnSync('node', ['bin/locallift.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  writeFileSync(shopCsv, shop(20261128).files[0]!.csv);
  writeFileSync(custCsv, customers(20261128).files[0]!.csv);
});

describe('locallift segment / propensity', () => {
  it('segment: JSON summary with k, inertia, sizes and cards, and a customer → segment CSV', () => {
    const out = join(dir, 'segments.csv');
    const r = cli('segment', shopCsv, '--k', '4', '--seed', '1', '--out', out);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.k).toBe(4);
    expect(j.inertia).toBeGreaterThan(0);
    expect(j.sizes.slice().sort((a: number, b: number) => a - b)).toEqual([150, 300, 300, 450]);
    expect(j.cards).toHaveLength(4);
    expect(j.cards[0]).toHaveProperty('distinguishing');
    expect(j.rules.length).toBeGreaterThanOrEqual(4);
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('customer_id,segment,segment_name');
    expect(lines).toHaveLength(1201);
  });

  it('propensity: { model, test: { auc, logLoss, accuracy, … }, trainSeconds } and a clear error for a bad target', () => {
    const r = cli('propensity', custCsv, '--target', 'churned', '--model', 'logistic', '--expand', 'none', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.model).toBe('logistic');
    expect(j.test.auc).toBeGreaterThan(0.78);
    expect(j.test.logLoss).toBeGreaterThan(0);
    expect(j.test.accuracy).toBeGreaterThan(0.75);
    expect(typeof j.trainSeconds).toBe('number');
    const bad = cli('propensity', custCsv, '--target', 'plan');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.err).error.message).toMatch(/`plan` must have exactly two values/);
  });
});
