// Every sentence and label of the one-page reports, built from messages (report_* keys) by a translator the caller
// gives: the app words them with paraglide in the reader's language, the CLI and tests in English (src/cli/say.ts).
// Core stays free of paraglide: it only names the keys. Figures arrive already formatted (format.ts).

/** Words one message key with string parameters (the caller's language). */
export type Translate = (key: string, params?: Record<string, string>) => string;

// Split in two so each builder stays short; the result is one object (Words).
function pageWords(t: Translate, lang: string) {
  return {
    lang,
    title: {
      segments: t('report_title_segments'),
      propensity: t('report_title_propensity'),
      recommendations: t('report_title_recommendations'),
      ads: t('report_title_ads'),
    } as Record<'segments' | 'propensity' | 'recommendations' | 'ads', string>,
    pageTitle: (title: string, dataset: string) => t('report_page_title', { title, dataset }),
    generated: (when: string) => t('report_generated', { when }),
    heading: {
      analysed: t('report_heading_analysed'),
      main: t('report_heading_main'),
      charts: t('report_heading_charts'),
      next: t('report_heading_next'),
      caveats: t('report_heading_caveats'),
      privacy: t('report_heading_privacy'),
    },
    analysed: {
      dataset: t('report_analysed_dataset'),
      rows: t('report_analysed_rows'),
      columns: t('report_analysed_columns'),
      date: t('report_analysed_date'),
      model: t('report_analysed_model'),
      target: t('report_analysed_target'),
      input: t('report_analysed_input'),
    },
    none: t('report_none'),
    noCharts: t('report_no_charts'),
    noCaveats: t('report_no_caveats'),
    noNext: t('report_no_next'),
    privacy: (k: string, total: number, list: string) =>
      total === 0 ? t('report_privacy_none', { k }) : t('report_privacy_some', { k, count: String(total), list }),
    withheld: (n: number) => t('report_withheld', { count: String(n) }),
    group: {
      segment: t('report_group_segment'),
      rule: t('report_group_rule'),
      decile: t('report_group_decile'),
      calibration: t('report_group_calibration'),
      segmentScore: t('report_group_segment_score'),
      item: t('report_group_item'),
      level: t('report_group_level'),
    },
    seg: {
      model: (k: string) => t('report_seg_model', { k }),
      modeTransactions: t('report_seg_mode_transactions'),
      modeCustomers: t('report_seg_mode_customers'),
      customers: t('report_seg_customers'),
      segments: t('report_seg_segments'),
      ruleAccuracy: t('report_seg_rule_accuracy'),
      kReason: t('report_seg_k_reason'),
      head: [t('report_col_segment'), t('report_col_customers'), t('report_col_share'), t('report_col_apart')],
      cards: t('report_seg_cards'),
      rules: t('report_seg_rules'),
      rulesHead: [t('report_col_rule'), t('report_col_customers'), t('report_col_purity')],
      sizesChart: t('report_seg_sizes_chart'),
      customersAxis: t('report_seg_customers_axis'),
      action: {
        winback: (n: string) => t('report_seg_action_winback', { name: n }),
        reactivate: (n: string) => t('report_seg_action_reactivate', { name: n }),
        reward: (n: string) => t('report_seg_action_reward', { name: n }),
        nurture: (n: string) => t('report_seg_action_nurture', { name: n }),
        generic: (n: string, traits: string) => t('report_seg_action_generic', { name: n, traits }),
      },
      biggest: (n: string, share: string) => t('report_seg_biggest', { name: n, share }),
      audience: t('report_seg_audience'),
      loosRules: (acc: string) => t('report_seg_loose_rules', { acc }),
    },
  };
}

function propWords(t: Translate) {
  return {
    model: (kind: string) => t('report_prop_model', { kind }),
    kinds: {
      logistic: t('report_prop_kind_logistic'),
      gbdt: t('report_prop_kind_gbdt'),
      mlp: t('report_prop_kind_mlp'),
      blend: t('report_prop_kind_blend'),
    } as Record<string, string>,
    target: (tg: string, p: string) => (p && !/^(1|true)$/i.test(p) ? `${tg} = ${p}` : tg),
    auc: t('report_prop_auc'),
    aucVs: (auc: string) => t('report_prop_auc_vs', { auc }),
    logLoss: t('report_prop_log_loss'),
    logLossVs: (m: string, b: string) => t('report_prop_log_loss_vs', { model: m, base: b }),
    lift: t('report_prop_lift'),
    liftVs: (lift: string, gain: string) => t('report_prop_lift_vs', { lift, gain }),
    calibration: t('report_prop_calibration'),
    rate: t('report_prop_rate'),
    testRows: t('report_prop_test_rows'),
    gainTable: t('report_prop_gain_table'),
    gainHead: [
      t('report_col_decile'),
      t('report_col_customers'),
      t('report_col_positive_rate'),
      t('report_col_cum_gain'),
      t('report_col_cum_lift'),
    ],
    calTable: t('report_prop_cal_table'),
    calHead: [
      t('report_col_predicted_range'),
      t('report_col_customers'),
      t('report_col_mean_predicted'),
      t('report_col_observed'),
    ],
    driversLine: (list: string) => t('report_prop_drivers_line', { list }),
    // A range of percentages: no words, the same in every language.
    binRange: (lo: string, hi: string) => `${lo}–${hi} %`,
    driversHead: [t('report_col_column'), t('report_col_contribution')],
    rules: t('report_prop_rules'),
    rulesHead: [t('report_col_rule'), t('report_col_customers'), t('report_col_precision'), t('report_col_lift')],
    bySegment: t('report_prop_by_segment'),
    bySegmentHead: [
      t('report_col_segment'),
      t('report_col_customers'),
      t('report_col_mean_probability'),
      t('report_col_top10_share'),
    ],
    gainChart: t('report_prop_gain_chart'),
    gainSeries: t('report_prop_gain_series'),
    random: t('report_prop_random'),
    gainAxis: t('report_prop_gain_axis'),
    calChart: t('report_prop_cal_chart'),
    predicted: t('report_prop_predicted'),
    observed: t('report_prop_observed'),
    driversChart: t('report_prop_drivers_chart'),
    next: {
      target: (gain: string, lift: string) => t('report_prop_next_target', { gain, lift }),
      top30: (gain: string) => t('report_prop_next_top30', { gain }),
      rule: (r: string) => t('report_prop_next_rule', { rule: r }),
      segment: (n: string, p: string) => t('report_prop_next_segment', { name: n, p }),
      leak: (cols: string) => t('report_prop_next_leak', { columns: cols }),
      weak: t('report_prop_next_weak'),
    },
    leak: (cols: string, n: number) => t(n === 1 ? 'report_prop_leak_one' : 'report_prop_leak_many', { columns: cols }),
    noSignal: (auc: string, bar: string) => t('report_prop_no_signal', { auc, bar }),
    worseThanBase: t('report_prop_worse_than_base'),
  };
}

function recWords(t: Translate) {
  return {
    model: (label: string) => t('report_rec_model', { label }),
    explicit: t('report_rec_explicit'),
    implicit: t('report_rec_implicit'),
    feedback: t('report_rec_feedback'),
    users: t('report_rec_users'),
    items: t('report_rec_items'),
    train: t('report_rec_train'),
    test: t('report_rec_test'),
    evaluated: t('report_rec_evaluated'),
    modelsTable: t('report_rec_models_table'),
    head: (k: number, explicit: boolean) =>
      explicit
        ? [t('report_col_model'), 'RMSE', 'MAE', t('report_col_baseline')]
        : [
            t('report_col_model'),
            `Precision@${k}`,
            `Recall@${k}`,
            `NDCG@${k}`,
            t('report_col_coverage'),
            t('report_col_baseline'),
          ],
    yes: t('report_rec_yes'),
    best: (label: string) => t('report_rec_best', { label }),
    topItems: (list: string) => t('report_rec_top_items', { list }),
    chart: (metric: string) => t('report_rec_chart', { metric }),
    gain: (metric: string, v: string, base: string, bv: string, rel: string) =>
      t('report_rec_gain', { metric, value: v, base, baseValue: bv, rel }),
    higher: (p: string) => t('report_rec_higher', { p }),
    lowerError: (p: string) => t('report_rec_lower_error', { p }),
    vsBaseline: t('report_rec_vs_baseline'),
    next: {
      use: (best: string, metric: string, rel: string, base: string) =>
        t('report_rec_next_use', { best, metric, rel, base }),
      popular: t('report_rec_next_popular'),
      export: t('report_rec_next_export'),
    },
    cold: (users: string, items: string) => t('report_rec_cold', { users, items }),
  };
}

function adsWords(t: Translate) {
  return {
    model: (m: string, f: string) => t(m === 'mlp' ? 'report_ads_model_mlp' : 'report_ads_model_glm', { family: f }),
    ctrModel: (kind: string) => t('report_ads_ctr_model', { kind }),
    outcome: t('report_ads_outcome'),
    r2: t('report_ads_r2'),
    importance: t('report_ads_importance'),
    importanceHead: [t('report_col_input'), t('report_col_importance'), t('report_col_range')],
    effects: t('report_ads_effects'),
    effectsHead: [
      t('report_col_input'),
      t('report_col_best_level'),
      t('report_col_predicted'),
      t('report_col_worst_level'),
      t('report_col_predicted'),
    ],
    mmm: (trusted: boolean) => t(trusted ? 'report_ads_mmm_trusted' : 'report_ads_mmm_untrusted'),
    mmmHead: [t('report_col_channel'), t('report_col_outcome_share'), t('report_col_roi'), t('report_col_carry_over')],
    mmmR2: t('report_ads_mmm_r2'),
    plan: t('report_ads_plan'),
    planHead: [t('report_col_channel'), t('report_col_current'), t('report_col_proposed'), t('report_col_change')],
    planLift: t('report_ads_plan_lift'),
    impressions: t('report_ads_impressions'),
    clickRate: t('report_ads_click_rate'),
    models: t('report_ads_models'),
    modelsHead: [t('report_col_model'), t('report_col_test_auc'), t('report_col_test_log_loss')],
    baseline: t('report_ads_baseline'),
    levels: t('report_ads_levels'),
    levelsHead: [t('report_col_input'), t('report_col_highest'), t('report_col_lowest')],
    importanceChart: t('report_ads_importance_chart'),
    shareChart: t('report_ads_share_chart'),
    planChart: t('report_ads_plan_chart'),
    current: t('report_ads_current'),
    proposed: t('report_ads_proposed'),
    next: {
      move: (text: string) => t('report_ads_next_move', { text }),
      level: (f: string, best: string, worst: string) => t('report_ads_next_level', { factor: f, best, worst }),
      top: (f: string) => t('report_ads_next_top', { factor: f }),
      plan: (lift: string) => t('report_ads_next_plan', { lift }),
      noPlan: t('report_ads_next_no_plan'),
      ctrLevel: (f: string, l: string, rate: string) => t('report_ads_next_ctr_level', { factor: f, level: l, rate }),
    },
    noSignal: t('report_ads_no_signal'),
    mmmUntrusted: (why: string) => t('report_ads_mmm_untrusted_note', { why }),
    rangeZero: (f: string) => t('report_ads_range_zero', { factor: f }),
  };
}

/** Every word of a report in the language `t` words messages in (`lang`: its BCP 47 tag, for <html lang>). */
export function makeWords(t: Translate, lang: string) {
  // t itself too: a core message (Msg) that reaches a builder unworded is worded with it (common.ts text).
  return { ...pageWords(t, lang), t, prop: propWords(t), rec: recWords(t), ads: adsWords(t) };
}

export type Words = ReturnType<typeof makeWords>;

/**
 * The words of the report being built. Builders read it (`const w = words.ads`) while buildReport/renderReport run
 * inside withWords, which fills it in place with the caller's words and puts the previous ones back afterwards.
 * Outside a build it reads each message as its key.
 */
export const words: Words = makeWords((key) => key, 'en');

export function withWords<T>(ws: Words, build: () => T): T {
  const target = words as unknown as Record<string, unknown>;
  const before: Record<string, unknown> = {};
  const fill = (from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      const cur = target[k];
      if (cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object') Object.assign(cur, v);
      else target[k] = v;
    }
  };
  for (const [k, v] of Object.entries(target))
    before[k] = v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as object) } : v;
  fill(ws as unknown as Record<string, unknown>);
  try {
    return build();
  } finally {
    fill(before);
  }
}
