// Every sentence and label of the one-page reports, in English, in one place (the i18n work moves them to messages/).
// Figures arrive already formatted (format.ts), so each entry is a plain string or a function of strings.

export const words = {
  lang: 'en',
  title: {
    segments: 'Customer segments',
    propensity: 'Propensity model',
    recommendations: 'Recommendations',
    ads: 'Ads and marketing mix',
  },
  report: 'report',
  ui: {
    button: 'Download report',
    busy: 'Writing the report…',
    hint: (k: string) => `One page to share or print: aggregates only, groups under ${k} left out.`,
    failed: (why: string) => `The report could not be written: ${why}`,
  },
  generated: (when: string) => `Written by LocalLift on ${when}. Computed on this computer; nothing was uploaded.`,
  heading: {
    analysed: 'What was analysed',
    main: 'Main numbers',
    charts: 'Charts',
    next: 'What to do next',
    caveats: 'Caveats',
    privacy: 'Privacy: small groups left out',
  },
  analysed: {
    dataset: 'Dataset',
    rows: 'Rows',
    columns: 'Columns used',
    date: 'Analysed on',
    model: 'Model',
    target: 'Outcome',
    input: 'Input',
  },
  none: 'none',
  noCharts: 'No chart: every group was too small to show.',
  noCaveats: 'No warnings from the checks on this result.',
  noNext: 'No action can be drawn from this result yet.',
  privacy: (k: string, total: number, list: string) =>
    total === 0
      ? `Every group shown has at least ${k} customers or rows; none had to be left out. The report holds no row of a single customer.`
      : `${total} ${total === 1 ? 'group was' : 'groups were'} left out because ${total === 1 ? 'it has' : 'they have'} fewer than ${k} customers or rows (${list}): a group that small could point to a person. The report holds no row of a single customer.`,
  withheld: (n: number) =>
    `${n} ${n === 1 ? 'note names' : 'notes name'} a group left out for privacy and ${n === 1 ? 'is' : 'are'} not printed.`,
  group: {
    segment: 'segments',
    rule: 'rules',
    decile: 'score deciles',
    calibration: 'calibration bins',
    segmentScore: 'segments in the segment × score table',
    item: 'items',
    level: 'levels',
  },
  seg: {
    model: (k: string) => `k-means, ${k} segments`,
    modeTransactions: 'transactions → recency, frequency, spend per customer',
    modeCustomers: 'one row per customer',
    customers: 'Customers',
    segments: 'Segments',
    ruleAccuracy: 'Customers the rules place in their own segment',
    kReason: 'Why this many segments',
    head: ['Segment', 'Customers', 'Share', 'What sets it apart'],
    cards: 'Segments (named from their profile)',
    rules: 'Rules that describe each segment',
    rulesHead: ['Rule', 'Customers', 'Purity'],
    sizesChart: 'Customers per segment',
    customersAxis: 'customers',
    action: {
      winback: (n: string) =>
        `Win back “${n}”: they spent well but have not bought for a while; send a personal offer before they are lost.`,
      reactivate: (n: string) =>
        `Reactivate “${n}” with a low-cost reminder or a small incentive; keep the spend per customer low.`,
      reward: (n: string) =>
        `Keep “${n}” close: loyalty rewards, early access and referral asks; avoid discounts they do not need.`,
      nurture: (n: string) =>
        `Turn “${n}” into repeat buyers: a second-purchase offer and onboarding messages soon after the first order.`,
      generic: (n: string, traits: string) =>
        `Start with “${n}” (${traits}): shape the message around what sets it apart.`,
    },
    biggest: (n: string, share: string) =>
      `“${n}” is the largest kept segment (${share} of customers): test the message there first.`,
    audience:
      'Export a segment as an audience (Segments page → Audience) to use it in a campaign or a what-if on the Ads page.',
    loosRules: (acc: string) =>
      `The rules place only ${acc} of customers in their own segment: read them as a sketch, not a definition.`,
  },
  prop: {
    model: (kind: string) => `${kind}, evaluated on held-out test rows`,
    kinds: {
      logistic: 'logistic regression',
      gbdt: 'gradient-boosted trees',
      mlp: 'neural network (MLP)',
      blend: 'blend of logistic regression and trees',
    } as Record<string, string>,
    target: (t: string, p: string) => (p && !/^(1|true)$/i.test(p) ? `${t} = ${p}` : t),
    auc: 'Test AUC (0.5 = chance)',
    aucVs: (auc: string) => `${auc} vs 0.5 for random ordering`,
    logLoss: 'Test log loss vs a constant rate',
    logLossVs: (m: string, b: string) => `${m} vs ${b}`,
    lift: 'Lift in the top 10 % of scores',
    liftVs: (lift: string, gain: string) => `×${lift} (holds ${gain} of all positives)`,
    calibration: 'Calibration error (mean |predicted − observed|)',
    rate: 'Positive rate',
    testRows: 'Test rows',
    gainTable: 'Gain by score decile (highest scores first)',
    gainHead: ['Decile', 'Customers', 'Positive rate', 'Cumulative gain', 'Cumulative lift'],
    calTable: 'Calibration: predicted vs observed',
    calHead: ['Predicted range', 'Customers', 'Mean predicted', 'Observed'],
    driversLine: (list: string) => `Top drivers (mean |contribution| to the score, log-odds): ${list}.`,
    binRange: (lo: string, hi: string) => `${lo}–${hi} %`,
    driversHead: ['Column', 'Contribution (log-odds)'],
    rules: 'Who is likely (top 30 % of scores)',
    rulesHead: ['Rule', 'Customers', 'Precision', 'Lift'],
    bySegment: 'Score by segment',
    bySegmentHead: ['Segment', 'Customers', 'Mean probability', 'Share in top 10 %'],
    gainChart: 'Cumulative gain',
    gainSeries: 'model',
    random: 'random targeting',
    gainAxis: 'customers contacted (highest scores first)',
    calChart: 'Calibration',
    predicted: 'predicted',
    observed: 'observed',
    driversChart: 'Top drivers',
    next: {
      target: (gain: string, lift: string) =>
        `Contact the top 10 % of scores first: they hold ${gain} of the positives, ×${lift} the average rate.`,
      top30: (gain: string) => `A campaign to the top 30 % reaches ${gain} of the positives.`,
      rule: (r: string) => `Who to look for: ${r}.`,
      segment: (n: string, p: string) =>
        `The segment “${n}” scores highest (mean probability ${p}): start the campaign there.`,
      leak: (cols: string) => `First exclude ${cols} and train again: a likely leak makes every number above too good.`,
      weak: 'Do not target on this score: collect more history or other columns, then train again.',
    },
    leak: (cols: string, n: number) =>
      `Likely leak: ${cols} alone ${n === 1 ? 'predicts' : 'predict'} the outcome almost perfectly on held-out rows; the model used ${n === 1 ? 'it' : 'them'}.`,
    noSignal: (auc: string, bar: string) =>
      `No usable signal: the model ranks the test rows little better than chance (AUC ${auc} ≤ ${bar}); its drivers and rules are not findings.`,
    worseThanBase:
      'The model predicts the test rows no better than the constant rate (log loss): its probabilities are not findings.',
  },
  rec: {
    model: (label: string) => `${label} (best on held-out interactions)`,
    explicit: 'ratings',
    implicit: 'purchases or interactions',
    feedback: 'Feedback',
    users: 'Customers',
    items: 'Items',
    train: 'Training interactions',
    test: 'Test interactions',
    evaluated: 'Customers evaluated',
    modelsTable: 'Models vs the popularity baseline',
    head: (k: number, explicit: boolean) =>
      explicit
        ? ['Model', 'RMSE', 'MAE', 'Baseline']
        : ['Model', `Precision@${k}`, `Recall@${k}`, `NDCG@${k}`, 'Catalogue coverage', 'Baseline'],
    yes: 'yes',
    best: (label: string) => `${label} (best)`,
    topItems: (list: string) => `Most popular items (customers who bought them): ${list}.`,
    chart: (metric: string) => `${metric} by model`,
    gain: (metric: string, v: string, base: string, bv: string, rel: string) =>
      `${metric} ${v} vs ${bv} for ${base} (${rel})`,
    higher: (p: string) => `${p} higher`,
    lowerError: (p: string) => `${p} lower error`,
    vsBaseline: 'Best vs the baseline',
    next: {
      use: (best: string, metric: string, rel: string, base: string) =>
        `Use ${best} for personalised recommendations (emails, “you may also like”): on held-out interactions its ${metric} is ${rel} than ${base}'s.`,
      popular:
        'Personal recommendations do not beat the bestseller list here: promote bestsellers and collect more history.',
      export:
        'Export the top-N per customer (Recommendations page) and test it against the bestseller list in a split campaign.',
    },
    cold: (users: string, items: string) =>
      `${users} test interactions were of customers and ${items} of items unseen in training; they cannot be personalised.`,
  },
  ads: {
    model: (m: string, f: string) => `${m === 'mlp' ? 'small neural network (MLP)' : 'GLM'}, ${f} family`,
    ctrModel: (kind: string) => `${kind} (best by validation log loss), one row per impression`,
    outcome: 'Outcome',
    r2: 'Test R² of the outcome model',
    importance: 'What moves the outcome (drop in test score when shuffled, 95 % range)',
    importanceHead: ['Input', 'Importance', 'Range'],
    effects: 'Best and worst level per input',
    effectsHead: ['Input', 'Best level', 'Predicted', 'Worst level', 'Predicted'],
    mmm: (trusted: boolean) => `Marketing mix (${trusted ? 'trusted fit' : 'untrusted fit: not used for the plan'})`,
    mmmHead: ['Channel', 'Share of outcome', 'Return per unit spend', 'Carry-over'],
    mmmR2: 'Marketing-mix R²',
    plan: 'Budget plan',
    planHead: ['Channel', 'Current', 'Proposed', 'Change'],
    planLift: 'Predicted gain of the plan',
    impressions: 'Impressions',
    clickRate: 'Click rate',
    models: 'Click models vs the constant click rate',
    modelsHead: ['Model', 'Test AUC', 'Test log loss'],
    baseline: 'constant click rate',
    levels: 'Highest and lowest click rate per input (95 % interval, impressions)',
    levelsHead: ['Input', 'Highest', 'Lowest'],
    importanceChart: 'Importance',
    shareChart: 'Share of outcome per channel',
    planChart: 'Current vs proposed spend',
    current: 'current',
    proposed: 'proposed',
    next: {
      move: (t: string) => `${t}.`,
      level: (f: string, best: string, worst: string) => `For ${f}, favour ${best} over ${worst}.`,
      top: (f: string) => `Test changes in ${f} first: it moves the outcome most.`,
      plan: (lift: string) =>
        `The budget plan above is predicted to add ${lift}; run it as a test on part of the budget first.`,
      noPlan: 'Run the budget plan on the Ads page to get a proposal from the fitted curves.',
      ctrLevel: (f: string, l: string, rate: string) => `Target ${f} = ${l} (click rate ${rate}).`,
    },
    noSignal:
      'No usable signal: the outcome model predicts the test rows no better than their average (R² ≤ 0); its drivers are not findings.',
    mmmUntrusted: (why: string) =>
      `The marketing-mix fit is not trusted (${why}); its curves were not used for what-ifs or the plan.`,
    rangeZero: (f: string) => `The importance range of ${f} includes zero: its effect may be noise.`,
  },
};

export type Words = typeof words;
