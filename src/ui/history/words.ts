// History's words: each job kind, run status and headline metric name in the reader's language. Metric names are the
// keys the jobs record (core/*/job.ts, workers/jobs/*.ts); values that are text (a model kind, a column) are data.
import type { JobKind } from '../../core/job-kinds.ts';
import { m } from '../../paraglide/messages.js';
import type { RunRecord } from '../../storage/db.ts';
import { fmt } from '../../core/format.ts';

export const KIND_LABELS: Record<JobKind, () => string> = {
  'demo-fit': m.job_label_engine_check,
  import: m.job_label_import,
  'import-scan': m.job_label_import_scan,
  repair: m.job_label_repair,
  'dataset-update': m.job_label_dataset_update,
  'dataset-delete': m.job_label_dataset_delete,
  'dataset-shape': m.job_label_dataset_shape,
  ads: m.job_label_ads,
  'ads-whatif': m.job_label_ads_whatif,
  'ads-allocate': m.job_label_ads_allocate,
  segment: m.job_label_segment,
  'segment-rename': m.job_label_segment_rename,
  propensity: m.job_label_propensity,
  'propensity-score': m.job_label_propensity_score,
  'propensity-export': m.job_label_propensity_export,
  recommend: m.job_label_recommend,
  'recommend-user': m.job_label_recommend_user,
  'recommend-similar': m.job_label_recommend_similar,
  'recommend-basket': m.job_label_recommend_basket,
  'recommend-export': m.job_label_recommend_export,
  clv: m.job_label_clv,
  audience: m.job_label_audience,
  'audience-export': m.job_label_audience_export,
  'workspace-export': m.job_label_workspace_export,
  'workspace-import': m.job_label_workspace_import,
};

export const STATUS_LABELS: Record<RunRecord['status'], () => string> = {
  running: m.hist_status_running,
  done: m.hist_status_done,
  failed: m.hist_status_failed,
  cancelled: m.hist_status_cancelled,
};

const METRICS: Record<string, () => string> = {
  rows: m.hist_metric_rows,
  columns: m.hist_metric_columns,
  MB: m.hist_metric_mb,
  seconds: m.hist_metric_seconds,
  'rows/s': m.hist_metric_rows_per_s,
  affected: m.hist_metric_affected,
  'roles changed': m.hist_metric_roles_changed,
  shape: m.hist_metric_shape,
  suggested: m.hist_metric_suggested,
  pii: m.hist_metric_pii,
  k: m.hist_metric_k,
  inertia: m.hist_metric_inertia,
  customers: m.hist_metric_customers,
  'rule accuracy': m.hist_metric_rule_accuracy,
  model: m.hist_metric_model,
  target: m.hist_metric_target,
  'test AUC': m.hist_metric_test_auc,
  'log loss': m.hist_metric_log_loss,
  'log loss vs baseline': m.hist_metric_log_loss_vs_baseline,
  'train s': m.hist_metric_train_s,
  identical: m.hist_metric_identical,
  'fit s': m.hist_metric_fit_s,
  'total CLV': m.hist_metric_total_clv,
  outcome: m.hist_metric_outcome,
  'test R²': m.hist_metric_test_r2,
  'test D²': m.hist_metric_test_d2,
  'top factor': m.hist_metric_top_factor,
  'predicted total': m.hist_metric_predicted_total,
  'predicted (mix)': m.hist_metric_predicted_mix,
  budget: m.hist_metric_budget,
  lift: m.hist_metric_lift,
  moves: m.hist_metric_moves,
  mode: m.hist_metric_mode,
  best: m.hist_metric_best,
  'best RMSE': m.hist_metric_best_rmse,
  signal: m.hist_metric_signal,
  'merged rows': m.hist_metric_merged_rows,
  users: m.hist_metric_users,
  items: m.hist_metric_items,
  user: m.hist_metric_user,
  recommendations: m.hist_metric_recommendations,
  item: m.hist_metric_item,
  basket: m.hist_metric_basket,
  unknown: m.hist_metric_unknown,
  export: m.hist_metric_export,
  members: m.hist_metric_members,
  datasets: m.hist_metric_datasets,
  results: m.hist_metric_results,
  'file MB': m.hist_metric_file_mb,
  'uncompressed MB': m.hist_metric_uncompressed_mb,
  loss: m.hist_metric_loss,
  slope: m.hist_metric_slope,
};

/** Text values that are words, not data: yes/no and the recommender's signal verdict. */
const VALUES: Record<string, () => string> = {
  yes: m.set_yes,
  no: m.set_no,
  none: m.hist_value_none,
  usable: m.hist_value_usable,
  'no usable signal': m.hist_value_no_signal,
};

/** A metric's name in the reader's language; `best NDCG@10` keeps its cut-off; a name not listed stays as recorded. */
export function metricName(key: string): string {
  const ndcg = /^best NDCG@(\d+)$/.exec(key);
  if (ndcg) return m.hist_metric_best_ndcg({ k: ndcg[1] ?? '' });
  return METRICS[key]?.() ?? key;
}

/** One metric's value: numbers in the locale, word values worded, `data` true for text that is data. */
export function metricValue(v: number | string): { text: string; data: boolean } {
  if (typeof v === 'number') return { text: fmt(v), data: false };
  const word = VALUES[v];
  return word ? { text: word(), data: false } : { text: v, data: true };
}

/** The metrics as one plain line (the CSV export keeps the recorded English names: a file for tools). */
export function metricsLine(metrics: RunRecord['metrics']): string {
  if (!metrics) return '';
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? +v.toFixed(4) : v}`)
    .join(' · ');
}
