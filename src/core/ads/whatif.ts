// What-if: pure, fast functions from (model, scenario) to a predicted outcome — cheap enough for every slider move.
import { curveSlope, curveValue } from './curves.ts';
import { encodeRawRows } from './campaign-design.ts';
import { predictMean } from './predict.ts';
import type { FittedModel, ResponseModel, WhatIfBase } from './types.ts';

export interface SpendScenarioResult {
  total: number;
  channels: { channel: string; spend: number; outcome: number; marginal: number }[];
}

/** Predicted outcome per period for a spend per channel (channels left out keep their current spend). */
export function whatIfSpend(response: ResponseModel, spend: Record<string, number>): SpendScenarioResult {
  let total = response.baseline;
  const channels = response.curves.map((c) => {
    const s = Math.max(0, spend[c.channel] ?? c.currentSpend);
    const outcome = curveValue(c.params, s);
    total += outcome;
    return { channel: c.channel, spend: s, outcome, marginal: curveSlope(c.params, s) };
  });
  return { total, channels };
}

export interface MixScenario {
  /** factor → level → share (shares are normalised; levels left out get 0). */
  mix?: Record<string, Record<string, number>>;
  /** numeric input → multiplier (e.g. Spent × 1.2). */
  scale?: Record<string, number>;
}

const MAX_COMBOS = 512;

/**
 * Mean predicted outcome (exposure-weighted) over the reference rows when the named factors follow the given level
 * mix (independently of each other) and numeric inputs are scaled. Exact expectation over the level combinations.
 */
export function whatIfMix(model: FittedModel, base: WhatIfBase, scenario: MixScenario): number {
  const { design } = model;
  const factors: { input: number; levels: number[]; shares: number[] }[] = [];
  for (const [name, mix] of Object.entries(scenario.mix ?? {})) {
    const i = design.inputs.findIndex((s) => s.name === name);
    const spec = design.inputs[i];
    if (!spec || spec.kind !== 'categorical')
      throw new Error(`what-if: \`${name}\` is not a categorical input of this model`);
    const levels: number[] = [];
    const shares: number[] = [];
    for (const [level, share] of Object.entries(mix)) {
      const L = spec.levels.indexOf(level);
      if (L < 0) throw new Error(`what-if: \`${name}\` has no level \`${level}\``);
      if (share > 0) {
        levels.push(L);
        shares.push(share);
      }
    }
    const tot = shares.reduce((a, b) => a + b, 0);
    if (tot <= 0) continue;
    factors.push({ input: i, levels, shares: shares.map((s) => s / tot) });
  }
  const combos: { values: number[]; weight: number }[] = [{ values: [], weight: 1 }];
  for (const f of factors) {
    const next: { values: number[]; weight: number }[] = [];
    for (const c of combos)
      f.levels.forEach((L, k) => next.push({ values: [...c.values, L], weight: c.weight * f.shares[k]! }));
    next.sort((a, b) => b.weight - a.weight);
    combos.splice(0, combos.length, ...next.slice(0, MAX_COMBOS));
  }
  const cw = combos.reduce((a, c) => a + c.weight, 0);
  const scaleIdx = Object.entries(scenario.scale ?? {})
    .map(([name, m]) => [design.inputs.findIndex((s) => s.name === name), m] as const)
    .filter(([i]) => i >= 0);
  const rows: number[][] = [];
  const offsets: number[] = [];
  for (const row of base.rows) {
    const scaled = row.slice();
    for (const [i, m] of scaleIdx) scaled[i] = scaled[i]! * m;
    for (const c of combos) {
      const r = scaled.slice();
      factors.forEach((f, k) => {
        r[f.input] = c.values[k]!;
      });
      rows.push(r);
    }
  }
  base.rows.forEach((_, k) => {
    for (let j = 0; j < combos.length; j++) offsets.push(base.offsets?.[k] ?? 0);
  });
  const mu = predictMean(model.weights, encodeRawRows(design, rows), design.width, offsets);
  let num = 0;
  let den = 0;
  base.rows.forEach((_, k) => {
    const w = base.weights[k] ?? 1;
    combos.forEach((c, j) => {
      const cwj = (c.weight / cw) * w;
      num += cwj * mu[k * combos.length + j]!;
      den += cwj;
    });
  });
  return den > 0 ? num / den : NaN;
}
