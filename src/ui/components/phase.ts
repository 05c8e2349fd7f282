// The job phases core reports (JobEvent.phase: a short English name that doubles as the phase's code) worded in the
// reader's language; numbered phases ("k-means run 2/5") by pattern. tests/unit/i18n/phases.test.ts checks that
// every phase literal in src/core and workers/ is worded here.
import { m } from '../../paraglide/messages.js';

const PHASES: Record<string, () => string> = {
  queued: m.job_phase_queued,
  starting: m.job_phase_starting,
  done: m.job_phase_done,
  // data
  parse: m.job_phase_parse,
  analyse: m.job_phase_analyse,
  saving: m.job_phase_saving,
  repairing: m.job_phase_repairing,
  summarising: m.job_phase_summarising,
  undoing: m.job_phase_undoing,
  deleting: m.job_phase_deleting,
  // workspace file
  reading: m.job_phase_reading,
  'reading file': m.job_phase_reading_file,
  writing: m.job_phase_writing,
  encoding: m.job_phase_encoding,
  checksums: m.job_phase_checksums,
  compressing: m.job_phase_compressing,
  unzipping: m.job_phase_unzipping,
  decoding: m.job_phase_decoding,
  // segments, lifetime value
  'preparing features': m.job_phase_preparing_features,
  'aggregating transactions': m.job_phase_aggregating_transactions,
  'choosing k': m.job_phase_choosing_k,
  'k-means': m.job_phase_kmeans,
  '2-D map': m.job_phase_map_2d,
  'describing segments': m.job_phase_describing_segments,
  'joining results': m.job_phase_joining_results,
  'writing the audience': m.job_phase_writing_audience,
  'reading customers': m.job_phase_reading_customers,
  'fitting BG/NBD': m.job_phase_fitting_bgnbd,
  'fitting Gamma-Gamma': m.job_phase_fitting_gamma_gamma,
  'holdout check': m.job_phase_holdout_check,
  'scoring customers': m.job_phase_scoring_customers,
  // propensity, engine check
  training: m.job_phase_training,
  boosting: m.job_phase_boosting,
  evaluating: m.job_phase_evaluating,
  explaining: m.job_phase_explaining,
  'reasons per customer': m.job_phase_reasons_per_customer,
  scoring: m.job_phase_scoring,
  // recommendations
  'reading interactions': m.job_phase_reading_interactions,
  'neighbourhood baselines': m.job_phase_neighbourhood_baselines,
  'item similarities': m.job_phase_item_similarities,
  'implicit matrix factorisation': m.job_phase_implicit_mf,
  'matrix factorisation: choosing epochs': m.job_phase_mf_choosing_epochs,
  'matrix factorisation: final fit': m.job_phase_mf_final_fit,
  'matrix factorisation: serving fit': m.job_phase_mf_serving_fit,
  'refitting the chosen model on all interactions': m.job_phase_refitting,
  'top-N for every customer': m.job_phase_top_n,
  'similar items': m.job_phase_similar_items,
  // ads
  fitting: m.job_phase_fitting,
  'fitting GLM': m.job_phase_fitting_glm,
  'training MLP': m.job_phase_training_mlp,
  importance: m.job_phase_importance,
  Importance: m.job_phase_importance,
  effects: m.job_phase_effects,
  'response curves': m.job_phase_response_curves,
  allocation: m.job_phase_allocation,
  allocating: m.job_phase_allocation,
  'marketing mix: fit': m.job_phase_mmm_fit,
  'marketing mix: bootstrap': m.job_phase_mmm_bootstrap,
  'Training the factorisation machine': m.job_phase_training_fm,
  'Training the logistic model': m.job_phase_training_logistic,
};

/** Phases with numbers in them: the pattern and the message its groups fill. */
const NUMBERED: [RegExp, (g: string[]) => string][] = [
  [/^k-means run (\d+)\/(\d+)$/, ([run = '', runs = '']) => m.job_phase_kmeans_run({ run, runs })],
  [/^trying k = (\d+)$/, ([k = '']) => m.job_phase_trying_k({ k })],
  [/^epoch (\d+)\/(\d+)$/, ([epoch = '', epochs = '']) => m.job_phase_epoch({ epoch, epochs })],
  [/^comparing models \((.+)\)$/, ([model = '']) => m.job_phase_comparing_models({ model })],
  [/^cross-validating \((.+)\)$/, ([what = '']) => m.job_phase_cross_validating({ what })],
  [
    /^choosing factors\/reg\/α on validation \((\d+)\/(\d+)\)$/,
    ([step = '', steps = '']) => m.job_phase_tuning_implicit({ step, steps }),
  ],
];

/** A phase in the reader's language; a phase not listed here shows as core wrote it. */
export function sayPhase(phase: string): string {
  const f = PHASES[phase];
  if (f) return f();
  for (const [re, word] of NUMBERED) {
    const g = re.exec(phase);
    if (g) return word(g.slice(1));
  }
  return phase;
}

/** Every phase name worded here (for the coverage test). */
export const KNOWN_PHASES: readonly string[] = Object.keys(PHASES);
export const NUMBERED_PHASES: readonly RegExp[] = NUMBERED.map(([re]) => re);
