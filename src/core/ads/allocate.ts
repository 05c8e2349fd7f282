// Budget allocation on fitted response curves: exact budget, floors/caps/locks, global on S-shaped curves
// (dynamic programming over a budget grid, then pairwise continuous refinement), with every move explained.
import { fmt } from '../format.ts';
import { JobError } from '../jobs.ts';
import { curveSlope, curveValue } from './curves.ts';
import { explainMoves, fmtMoney } from './allocate-explain.ts';
import { quantile } from './importance.ts';
import type { AllocationConstraints, AllocationCurves, AllocationResult, CurveParams } from './types.ts';

export { explainMoves } from './allocate-explain.ts';

export type { AllocationCurves };

export function totalOutcome(params: CurveParams[], x: ArrayLike<number>, baseline = 0): number {
  let s = baseline;
  for (let c = 0; c < params.length; c++) s += curveValue(params[c]!, x[c]!);
  return s;
}

interface Bounds {
  lo: number[];
  hi: number[];
  free: boolean[];
}

function bounds(curves: AllocationCurves, cons: AllocationConstraints): Bounds {
  const B = cons.budget;
  if (!Number.isFinite(B) || B < 0)
    throw new JobError('ads-allocation', `The budget must be a non-negative number (got ${B}).`);
  const locked = new Set(cons.locked ?? []);
  const known = new Set(curves.channels);
  for (const name of [...locked, ...Object.keys(cons.floors ?? {}), ...Object.keys(cons.caps ?? {})]) {
    if (!known.has(name))
      throw new JobError(
        'ads-allocation',
        `Constraint names channel \`${name}\`, which has no response curve (channels: ${curves.channels.join(', ')}).`,
      );
  }
  const lo: number[] = [];
  const hi: number[] = [];
  const free: boolean[] = [];
  curves.channels.forEach((ch, c) => {
    const floor = cons.floors?.[ch] ?? 0;
    const cap = cons.caps?.[ch] ?? Infinity;
    if (floor < 0 || cap < 0) throw new JobError('ads-allocation', `Floor and cap of \`${ch}\` must be ≥ 0.`);
    if (floor > cap)
      throw new JobError(
        'ads-allocation',
        `\`${ch}\` has a floor (${floor}) above its cap (${cap}): lower the floor or raise the cap.`,
      );
    if (locked.has(ch)) {
      const cur = curves.current[c]!;
      lo.push(cur);
      hi.push(cur);
      free.push(false);
    } else {
      lo.push(floor);
      hi.push(Math.min(cap, B));
      free.push(true);
    }
  });
  const sumLo = lo.reduce((a, b) => a + b, 0);
  const sumHi = hi.reduce((a, b) => a + b, 0);
  const lockedSum = curves.channels.reduce((a, _, c) => a + (free[c] ? 0 : lo[c]!), 0);
  if (sumLo > B * (1 + 1e-12) + 1e-9) {
    throw new JobError(
      'ads-allocation',
      `The constraints need at least ${fmtMoney(sumLo, curves.currency ?? '')} (floors plus locked channels ${fmtMoney(lockedSum, curves.currency ?? '')}), more than the budget of ${fmtMoney(B, curves.currency ?? '')}: raise the budget or lower floors / unlock channels.`,
      { needed: sumLo, budget: B },
    );
  }
  if (sumHi < B * (1 - 1e-12) - 1e-9) {
    throw new JobError(
      'ads-allocation',
      `The caps and locked channels allow at most ${fmtMoney(sumHi, curves.currency ?? '')}, less than the budget of ${fmtMoney(B, curves.currency ?? '')}: raise caps, unlock channels or lower the budget.`,
      { allowed: sumHi, budget: B },
    );
  }
  return { lo, hi, free };
}

/** Global optimum on a budget grid: best[k] = max value using k grid steps over the channels seen so far. */
function gridOptimum(params: CurveParams[], b: Bounds, extra: number, G: number): number[] {
  const C = params.length;
  const step = extra / G;
  const x = b.lo.slice();
  if (extra <= 0 || G === 0) return x;
  const NEG = -Infinity;
  let best = new Float64Array(G + 1).fill(NEG);
  best[0] = 0;
  const choice: Int32Array[] = [];
  for (let c = 0; c < C; c++) {
    const maxK = b.free[c] ? Math.min(G, Math.floor((b.hi[c]! - b.lo[c]!) / step + 1e-9)) : 0;
    const val = Float64Array.from({ length: maxK + 1 }, (_, k) => curveValue(params[c]!, b.lo[c]! + k * step));
    const next = new Float64Array(G + 1).fill(NEG);
    const ch = new Int32Array(G + 1);
    for (let s = 0; s <= G; s++) {
      const prev = best[s]!;
      if (prev === NEG) continue;
      const lim = Math.min(maxK, G - s);
      for (let k = 0; k <= lim; k++) {
        const v = prev + val[k]!;
        if (v > next[s + k]!) {
          next[s + k] = v;
          ch[s + k] = k;
        }
      }
    }
    best = next;
    choice.push(ch);
  }
  let s = G;
  while (s > 0 && best[s] === NEG) s--;
  for (let c = C - 1; c >= 0; c--) {
    const k = choice[c]![s]!;
    x[c] = b.lo[c]! + k * step;
    s -= k;
  }
  return x;
}

/** Move money between pairs of channels (golden-section on the transfer) while the total improves. */
function refine(params: CurveParams[], b: Bounds, x: number[], radius: number): void {
  const C = params.length;
  for (let pass = 0; pass < 30; pass++) {
    let gained = 0;
    for (let i = 0; i < C; i++) {
      for (let j = i + 1; j < C; j++) {
        if (!b.free[i] || !b.free[j]) continue;
        // t moves money from j to i.
        const tLo = Math.max(-(x[i]! - b.lo[i]!), -(b.hi[j]! - x[j]!), -radius);
        const tHi = Math.min(b.hi[i]! - x[i]!, x[j]! - b.lo[j]!, radius);
        if (!(tHi > tLo)) continue;
        const g = (t: number) => curveValue(params[i]!, x[i]! + t) + curveValue(params[j]!, x[j]! - t);
        let a = tLo;
        let d = tHi;
        const r = (Math.sqrt(5) - 1) / 2;
        let c1 = d - r * (d - a);
        let c2 = a + r * (d - a);
        let g1 = g(c1);
        let g2 = g(c2);
        for (let it = 0; it < 60; it++) {
          if (g1 > g2) {
            d = c2;
            c2 = c1;
            g2 = g1;
            c1 = d - r * (d - a);
            g1 = g(c1);
          } else {
            a = c1;
            c1 = c2;
            g1 = g2;
            c2 = a + r * (d - a);
            g2 = g(c2);
          }
        }
        const t = (a + d) / 2;
        const gain = g(t) - g(0);
        if (gain > 0) {
          x[i] = x[i]! + t;
          x[j] = x[j]! - t;
          gained += gain;
        }
      }
    }
    if (gained <= 1e-12) break;
  }
}

/** Put any rounding residual on free channels with room, so the plan sums to the budget exactly. */
function fixSum(b: Bounds, x: number[], budget: number): void {
  for (let round = 0; round < 3; round++) {
    let residual = budget - x.reduce((a, v) => a + v, 0);
    for (let c = 0; c < x.length && residual !== 0; c++) {
      if (!b.free[c]) continue;
      const room = residual > 0 ? b.hi[c]! - x[c]! : x[c]! - b.lo[c]!;
      if (room <= 0) continue;
      const move = residual > 0 ? Math.min(residual, room) : -Math.min(-residual, room);
      x[c] = x[c]! + move;
      residual -= move;
    }
  }
}

export function allocateBudget(curves: AllocationCurves, cons: AllocationConstraints): AllocationResult {
  const { channels, params } = curves;
  const current = cons.current
    ? channels.map((ch, c) => cons.current![ch] ?? curves.current[c]!)
    : curves.current.slice();
  const withCurrent = { ...curves, current };
  const b = bounds(withCurrent, cons);
  const B = cons.budget;
  const extra = B - b.lo.reduce((a, v) => a + v, 0);
  const G = channels.length <= 6 ? 1000 : 400;
  const x = gridOptimum(params, b, extra, G);
  fixSum(b, x, B);
  refine(params, b, x, Math.max(extra / G, 1e-9) * 4);
  fixSum(b, x, B);
  const base = curves.baseline ?? 0;
  const notes: string[] = [];
  const curTotal = current.reduce((a, v) => a + v, 0);
  const currentFeasible =
    Math.abs(curTotal - B) <= 1e-9 * Math.max(1, B) &&
    current.every((v, c) => v >= b.lo[c]! - 1e-9 && v <= b.hi[c]! + 1e-9);
  if (currentFeasible && totalOutcome(params, current) > totalOutcome(params, x)) {
    x.splice(0, x.length, ...current);
    notes.push('The current allocation is already the best the curves allow under these constraints.');
  }
  const sShaped = params.map((p, c) => ({ p, name: channels[c]! })).filter(({ p }) => p.kind === 'hill' && p.n > 1);
  if (sShaped.length) {
    const list = sShaped
      .map(
        ({ p, name }) =>
          `${name} n = ${fmt(p.n, 2)}, knee ≈ ${fmtMoney(p.k * Math.pow((p.n - 1) / (p.n + 1), 1 / p.n), curves.currency ?? '')}`,
      )
      .join('; ');
    notes.push(
      `S-shaped curves (${list}): below the knee each extra unit returns more than the last, so the whole spend range was searched (budget grid + refinement), not only marginal returns.`,
    );
  }
  const currentOutcome = totalOutcome(params, current, base);
  const proposedOutcome = totalOutcome(params, x, base);
  const lifts = (curves.draws ?? []).map((d) => totalOutcome(d, x) - totalOutcome(d, current)).sort((a, b2) => a - b2);
  const lift = proposedOutcome - currentOutcome;
  return {
    channels: channels.slice(),
    current,
    proposed: x,
    currentOutcome,
    proposedOutcome,
    lift,
    liftLow: lifts.length ? quantile(lifts, 0.025) : lift,
    liftHigh: lifts.length ? quantile(lifts, 0.975) : lift,
    costPerOutcomeCurrent: curTotal / currentOutcome,
    costPerOutcomeProposed: B / proposedOutcome,
    moves: explainMoves(withCurrent, current, x, cons),
    marginalProposed: x.map((v, c) => curveSlope(params[c]!, v)),
    notes,
  };
}
