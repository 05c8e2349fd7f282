// Allocation in words: money and marginal-return formatting, and the move-by-move explanation of a plan.
import { curveSlope } from './curves.ts';
import type { AllocationCurves } from './types.ts';
import type { AllocationConstraints, AllocationMove } from './types.ts';

export function fmtMoney(v: number, currency: string): string {
  const a = Math.abs(v);
  const s = a >= 100 ? Math.round(a).toLocaleString('en-GB') : a.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return `${currency}${s}`;
}

function fmtRate(v: number): string {
  if (!Number.isFinite(v)) return '∞';
  if (Math.abs(v) < 0.0005) return '0.000';
  return Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2);
}

/** Pair the channels that lose money with those that gain it (largest first); new or cut budget is its own party. */
export function explainMoves(
  curves: AllocationCurves,
  current: number[],
  proposed: number[],
  cons?: Omit<AllocationConstraints, 'budget'>,
): AllocationMove[] {
  const cur = curves.currency ?? '';
  const label = curves.outcomeLabel ?? 'outcome';
  const per = cur ? `per ${cur}` : 'per unit of spend';
  const mr = (c: number) => curveSlope(curves.params[c]!, current[c]!);
  const tol =
    1e-6 *
    Math.max(
      1,
      proposed.reduce((a, v) => a + v, 0),
    );
  // A move against the marginal returns is forced by a constraint: say which.
  const why = (name: string, side: 'from' | 'to', c: number): string => {
    if (c < 0) return '';
    const cap = cons?.caps?.[name];
    const floor = cons?.floors?.[name];
    if (side === 'from' && cap !== undefined && Math.abs(proposed[c]! - cap) <= tol)
      return `; ${name} is capped at ${fmtMoney(cap, cur)}`;
    if (side === 'to' && floor !== undefined && Math.abs(proposed[c]! - floor) <= tol)
      return `; ${name} has a floor of ${fmtMoney(floor, cur)}`;
    return '';
  };
  const index = (name: string) => curves.channels.indexOf(name);
  const donors: { name: string; amount: number; m: number }[] = [];
  const takers: { name: string; amount: number; m: number }[] = [];
  proposed.forEach((v, c) => {
    const d = v - current[c]!;
    if (d < -tol) donors.push({ name: curves.channels[c]!, amount: -d, m: mr(c) });
    else if (d > tol) takers.push({ name: curves.channels[c]!, amount: d, m: mr(c) });
  });
  const net = takers.reduce((a, t) => a + t.amount, 0) - donors.reduce((a, t) => a + t.amount, 0);
  if (net > tol) donors.push({ name: 'new budget', amount: net, m: NaN });
  if (net < -tol) takers.push({ name: 'budget cut', amount: -net, m: NaN });
  donors.sort((a, b) => b.amount - a.amount);
  takers.sort((a, b) => b.amount - a.amount);
  const moves: AllocationMove[] = [];
  let i = 0;
  let j = 0;
  while (i < donors.length && j < takers.length) {
    const d = donors[i]!;
    const t = takers[j]!;
    const amount = Math.min(d.amount, t.amount);
    if (amount > tol) {
      let text: string;
      if (d.name === 'new budget')
        text = `added ${fmtMoney(amount, cur)} of new budget to ${t.name}: marginal return ${fmtRate(t.m)} ${label} ${per}${why(t.name, 'to', index(t.name))}`;
      else if (t.name === 'budget cut')
        text = `cut ${fmtMoney(amount, cur)} from ${d.name}: marginal return only ${fmtRate(d.m)} ${label} ${per}${why(d.name, 'from', index(d.name))}`;
      else
        text = `moved ${fmtMoney(amount, cur)} from ${d.name} to ${t.name}: marginal return ${fmtRate(d.m)} vs ${fmtRate(t.m)} ${label} ${per}${why(d.name, 'from', index(d.name))}${why(t.name, 'to', index(t.name))}`;
      moves.push({ from: d.name, to: t.name, amount, fromMarginal: d.m, toMarginal: t.m, text });
    }
    d.amount -= amount;
    t.amount -= amount;
    if (d.amount <= tol) i++;
    if (t.amount <= tol) j++;
  }
  return moves;
}
