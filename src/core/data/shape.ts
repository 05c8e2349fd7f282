// "What is this file?": the table's shape from its roles and values, and the analysis that fits it — one primary job
// and the others that also fit. General rules over roles (never over file or column names), so a fixed role re-runs
// the suggestion.
import { columnByRole, columnsByRole, type Column, type RoleMap, type Table } from './table.ts';
import { clvColumnPlan } from '../clv/input.ts';
import { msg, type Msg } from '../msg.ts';

export type Shape =
  | 'transactions'
  | 'customers-outcome'
  | 'customers'
  | 'ratings'
  | 'interactions'
  | 'impressions'
  | 'campaign'
  | 'spend-sales'
  | 'catalogue'
  | 'unknown';

export type SuggestedJob = 'segment' | 'propensity' | 'clv' | 'recommend' | 'ads';

export interface Suggestion {
  job: SuggestedJob;
  /** The outcome column the job would predict (propensity, ads). */
  target?: string;
  options: Record<string, string | number | boolean>;
  why: string;
  /** `why` in the reader's language (the CLI prints `why`). */
  whyMsg?: Msg;
}

export interface ShapeGuess {
  shape: Shape;
  /** The shape in words ("a transaction log: …"). */
  label: string;
  reasons: string[];
  /** The label and reasons as messages (column names are data parameters), worded by the UI. */
  said?: { label: Msg; reasons: Msg[] };
  suggested: Suggestion | null;
  alternatives: Suggestion[];
}

const distinct = (c: Column): number => {
  const s = new Set<number>();
  if (c.kind === 'categorical') for (const k of c.codes) s.add(k);
  else for (const v of c.values) s.add(v);
  return s.size;
};

/** Two non-missing values per row (0/1, yes/no, two labels). */
function twoValued(c: Column): boolean {
  const s = new Set<string | number>();
  if (c.kind === 'categorical') {
    for (const k of c.codes) if (k >= 0) s.add(k);
  } else for (const v of c.values) if (!Number.isNaN(v)) s.add(v);
  return s.size === 2;
}

interface Evidence {
  rows: number;
  customer?: Column;
  item?: Column;
  time?: Column;
  target?: Column;
  rating: boolean;
  money: boolean;
  spend: Column[];
  campaign: boolean;
  /** Customer ids repeat (a log), or are near-unique (one row per customer). */
  repeats: boolean;
  itemRepeats: boolean;
  channel: boolean;
}

function evidence(table: Table, roles: RoleMap): Evidence {
  const customer = columnByRole(table, roles, 'customer_id');
  const has = (r: Parameters<typeof columnsByRole>[2]) => columnsByRole(table, roles, r).length > 0;
  return {
    rows: table.rowCount,
    customer,
    item: columnByRole(table, roles, 'item_id'),
    time: columnByRole(table, roles, 'timestamp'),
    target: columnByRole(table, roles, 'target'),
    rating: has('rating'),
    money: has('amount') || (has('price') && has('quantity')) || has('price'),
    spend: columnsByRole(table, roles, 'spend'),
    campaign: has('impressions') || has('clicks') || has('conversions'),
    repeats: customer ? distinct(customer) < 0.9 * table.rowCount : false,
    itemRepeats: (() => {
      const item = columnByRole(table, roles, 'item_id');
      return item ? distinct(item) < 0.9 * table.rowCount : false;
    })(),
    channel: has('channel'),
  };
}

/** Names of an aggregate outcome in a dated series. */
const OUTCOME_NAME = /^(?:y|sales|revenue|orders?|conversions?|signups?|units|kpi|销量|销售额|收入)$/i;

const job = (j: SuggestedJob, why: string, whyMsg: Msg, extra: Partial<Suggestion> = {}): Suggestion => ({
  job: j,
  options: {},
  why,
  whyMsg,
  ...extra,
});

const said = (label: string, ...reasons: Msg[]) => ({ label: msg(label), reasons });

function logShape(e: Evidence): ShapeGuess | null {
  if (e.customer && e.item && e.rating)
    return {
      shape: 'ratings',
      label: 'a ratings log: one row per customer × item with a rating',
      reasons: [`\`${e.customer.name}\` and \`${e.item.name}\` repeat across rows, with a rating column`],
      said: said('shape_label_ratings', msg('shape_reason_ratings', { customer: e.customer.name, item: e.item.name })),
      suggested: job('recommend', 'recommendations from the ratings', msg('shape_why_ratings'), {
        options: { mode: 'explicit' },
      }),
      alternatives: [],
    };
  if (e.customer && e.time && e.money && e.repeats)
    return {
      shape: 'transactions',
      label: 'a transaction log: purchases by customer over time',
      reasons: [`\`${e.customer.name}\` repeats across rows, with dates and money`],
      said: said('shape_label_transactions', msg('shape_reason_transactions', { customer: e.customer.name })),
      suggested: job('segment', 'RFM segments of the customers', msg('shape_why_rfm')),
      alternatives: [
        job('clv', 'lifetime value from the purchase history', msg('shape_why_clv_history')),
        ...(e.item
          ? [
              job('recommend', 'what to recommend from what was bought', msg('shape_why_bought'), {
                options: { mode: 'implicit' },
              }),
            ]
          : []),
      ],
    };
  if (e.customer && e.item && e.repeats)
    return {
      shape: 'interactions',
      label: 'an interaction log: customers × items (views, purchases, clicks)',
      reasons: [`\`${e.customer.name}\` and \`${e.item.name}\` repeat across rows`],
      said: said(
        'shape_label_interactions',
        msg('shape_reason_interactions', { customer: e.customer.name, item: e.item.name }),
      ),
      suggested: job('recommend', 'recommendations from the interactions', msg('shape_why_interactions'), {
        options: { mode: 'implicit' },
      }),
      alternatives: [],
    };
  return null;
}

function adsShape(e: Evidence, table: Table): ShapeGuess | null {
  const numeric = table.columns.filter((c) => c.kind === 'numeric' && c !== e.time && !e.spend.includes(c));
  if (e.time && !e.customer && distinct(e.time) === e.rows && (e.spend.length || (numeric.length >= 2 && !e.target))) {
    const outcome = numeric.find((c) => OUTCOME_NAME.test(c.name)) ?? numeric[0];
    const spend = e.spend.length
      ? `, with spend in ${e.spend.map((c) => `\`${c.name}\``).join(', ')}`
      : ': mark the spend columns (role "spend") for a marketing mix';
    return {
      shape: 'spend-sales',
      label: 'an aggregate spend → outcome series: one row per period',
      reasons: [`one row per date of \`${e.time.name}\`${spend}`],
      said: said(
        'shape_label_spend_sales',
        e.spend.length
          ? msg('shape_reason_series_spend', { time: e.time.name, spend: e.spend.map((c) => c.name).join(', ') })
          : msg('shape_reason_series_no_spend', { time: e.time.name }),
      ),
      suggested: job('ads', 'a marketing mix with carry-over and saturation', msg('shape_why_mmm'), {
        ...(outcome ? { target: outcome.name } : {}),
        options: { date: e.time.name },
      }),
      alternatives: [],
    };
  }
  // A spend column in a table of one row per customer is what the customer spends, not a campaign's budget.
  const perCustomer = e.customer !== undefined && !e.repeats;
  if (!perCustomer && (e.campaign || (e.spend.length && (e.channel || !e.target))))
    return {
      shape: 'campaign',
      label: 'a campaign log: spend and results by channel, audience or period',
      reasons: ['campaign metrics (spend, impressions, clicks or conversions) by row'],
      said: said('shape_label_campaign', msg('shape_reason_campaign')),
      suggested: job('ads', 'what drives results, response curves and budget allocation', msg('shape_why_campaign')),
      alternatives: [],
    };
  return null;
}

/** An impression log: a 0/1 outcome per row where a visitor or item id repeats (not one row per customer). */
function impressionShape(e: Evidence): ShapeGuess | null {
  const t = e.target;
  if (!t || !twoValued(t) || !(e.repeats || e.itemRepeats)) return null;
  return {
    shape: 'impressions',
    label: 'an impression / click log: one row per impression with a 0/1 outcome',
    reasons: [
      `\`${t.name}\` is 0/1 per row, and ` +
        (e.repeats ? `\`${e.customer!.name}\`` : `\`${e.item!.name}\``) +
        ' repeats across rows (one row per impression, not per customer)',
    ],
    said: said(
      'shape_label_impressions',
      msg('shape_reason_impressions', { target: t.name, id: (e.repeats ? e.customer! : e.item!).name }),
    ),
    suggested: job(
      'ads',
      'click/conversion-rate models (logistic, factorisation machine, trees)',
      msg('shape_why_ctr'),
      { target: t.name },
    ),
    alternatives:
      e.customer && e.item
        ? [
            job('recommend', 'recommendations from what was clicked', msg('shape_why_clicked'), {
              options: { mode: 'implicit' },
            }),
          ]
        : [],
  };
}

/** An item catalogue (one row per item, with names or attributes): joined for titles, not analysed alone. */
function catalogueShape(e: Evidence): ShapeGuess | null {
  if (!e.item || e.itemRepeats || e.customer) return null;
  return {
    shape: 'catalogue',
    label: 'an item catalogue: one row per item',
    reasons: [`\`${e.item.name}\` is unique per row and there is no customer column`],
    said: said('shape_label_catalogue', msg('shape_reason_catalogue', { item: e.item.name })),
    suggested: null,
    alternatives: [],
  };
}

/** The file's shape and the analyses that fit it. */
export function fileShape(table: Table, roles: RoleMap): ShapeGuess {
  const e = evidence(table, roles);
  const found = impressionShape(e) ?? logShape(e) ?? catalogueShape(e) ?? adsShape(e, table);
  if (found) return found;
  if (e.target)
    return {
      shape: 'customers-outcome',
      label: 'a customer table with a yes/no outcome',
      reasons: [
        e.customer ? `one row per \`${e.customer.name}\`` : 'one row per customer (no id column)',
        `\`${e.target.name}\` is the outcome`,
      ],
      said: said(
        'shape_label_customers_outcome',
        e.customer ? msg('shape_reason_one_per', { customer: e.customer.name }) : msg('shape_reason_one_per_customer'),
        msg('shape_reason_outcome', { target: e.target.name }),
      ),
      suggested: job(
        'propensity',
        `who is likely to be \`${e.target.name}\``,
        msg('shape_why_propensity', { target: e.target.name }),
        { target: e.target.name },
      ),
      alternatives: [job('segment', 'segments of the customers', msg('shape_why_segments'))],
    };
  if (clvColumnPlan(table.columns, roles).input === 'summary')
    return {
      shape: 'customers',
      label: 'a customer summary: repeat purchases, recency and age per customer',
      reasons: ['frequency, recency and T (customer age) columns, as lifetime-value tools write them'],
      said: said('shape_label_customers_summary', msg('shape_reason_clv_summary')),
      suggested: job('clv', 'lifetime value from the purchase summary', msg('shape_why_clv_summary')),
      alternatives: [job('segment', 'segments of the customers', msg('shape_why_segments'))],
    };
  if (table.columns.some((c) => c.kind === 'numeric'))
    return {
      shape: 'customers',
      label: 'a customer table without an outcome',
      reasons: [e.customer ? `one row per \`${e.customer.name}\`` : 'rows of customers with numeric attributes'],
      said: said(
        'shape_label_customers',
        e.customer ? msg('shape_reason_one_per', { customer: e.customer.name }) : msg('shape_reason_numeric'),
      ),
      suggested: job('segment', 'segments of the customers', msg('shape_why_segments')),
      alternatives: [],
    };
  return {
    shape: 'unknown',
    label: 'a table LocalLift cannot place',
    reasons: ['no numeric or role columns'],
    said: said('shape_label_unknown', msg('shape_reason_none')),
    suggested: null,
    alternatives: [],
  };
}
