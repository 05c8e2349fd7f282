// The ads analysis's marketing-mix phase: when the table is dated and has spend, fit the MMM on the curve outcome
// (a rate's numerator, else the outcome column); null with a note when it cannot be fitted.
import { fmt } from '../../format.ts';
import { JobError, type JobContext } from '../../jobs.ts';
import type { RoleMap, Table } from '../../data/table.ts';
import type { AdsOptions } from '../types.ts';
import { fitMmm, mmmDefaults } from './run.ts';
import type { MmmResult } from './types.ts';

export async function mmmPhase(
  table: Table,
  roles: RoleMap,
  opts: AdsOptions,
  outcome: string,
  seed: number,
  notes: string[],
  ctx: JobContext,
): Promise<MmmResult | null> {
  const d = mmmDefaults(table, roles);
  // null: the user chose no date column (no marketing-mix model); undefined: the timestamp role.
  const date = opts.date === null ? null : (opts.date ?? d.date);
  const spend = opts.spend ?? d.spend;
  if (!date || !spend.length) {
    if (opts.date) notes.push('No marketing-mix model: it needs spend columns (mark them as spend or pass --spend).');
    return null;
  }
  try {
    const res = await fitMmm(
      table,
      roles,
      {
        outcome,
        date,
        spend,
        channel: spend.length >= 2 ? null : d.channel,
        ...(opts.controls ? { controls: opts.controls } : {}),
        // Asking for Hill (or negative-exponential) response curves asks for that shape here too; otherwise both
        // logistic and Hill saturation are fitted and the lower AIC kept.
        saturation: opts.curve === 'hill' ? 'hill' : opts.curve === 'negexp' ? 'logistic' : 'auto',
        seed,
      },
      ctx,
    );
    const what = `Marketing-mix model (${res.periods} periods ${res.periodLabel.replace('per ', 'of a ')}, R² ${fmt(res.r2, 3)})`;
    notes.push(
      res.trusted
        ? `${what}: budget allocation and spend what-ifs use its steady-state carry-over curves.`
        : `${what} is not trustworthy: ${res.reason} Budget allocation and spend what-ifs use the response curves instead.`,
    );
    return res;
  } catch (e) {
    if (!(e instanceof JobError) || e.code === 'cancelled') throw e;
    notes.push(`No marketing-mix model: ${e.message}`);
    return null;
  }
}
