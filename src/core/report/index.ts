// One-page reports: a stored result of any of the four features → report model → self-contained HTML; file name.
import type { PropensityJobResult } from '../propensity/job.ts';
import type { RecommendSummary } from '../recommend/job.ts';
import type { SegmentJobResult } from '../segments/job.ts';
import { adsReport, type AdsReportInput } from './ads.ts';
import { ymd } from './format.ts';
import { renderReport } from './html.ts';
import type { ReportFeature, ReportModel, ReportSource } from './model.ts';
import { propensityReport } from './propensity.ts';
import { recommendReport } from './recommend.ts';
import { segmentsReport } from './segments.ts';
import { withWords } from './words.ts';

export type { AdsReportInput } from './ads.ts';
export type { ChartSpec, ReportFeature, ReportModel, ReportSource } from './model.ts';
export { renderReport } from './html.ts';
export { makeWords, type Translate, type Words } from './words.ts';

export type ReportInput =
  | { feature: 'segments'; source: ReportSource<SegmentJobResult> }
  | { feature: 'propensity'; source: ReportSource<PropensityJobResult> }
  | { feature: 'recommendations'; source: ReportSource<RecommendSummary> }
  | { feature: 'ads'; source: ReportSource<AdsReportInput> };

/** The report in the words `input.source.words` gives (the reader's language). */
export function buildReport(input: ReportInput): ReportModel {
  const model = withWords(input.source.words, () => build(input));
  return { ...model, words: input.source.words };
}

function build(input: ReportInput): ReportModel {
  switch (input.feature) {
    case 'segments':
      return segmentsReport(input.source);
    case 'propensity':
      return propensityReport(input.source);
    case 'recommendations':
      return recommendReport(input.source);
    case 'ads':
      return adsReport(input.source);
  }
}

/** The whole page in one call (charts as the tables behind them when no images are given). */
export function reportHtml(input: ReportInput, images: Record<string, string> = {}): string {
  return renderReport(buildReport(input), images, input.source.generatedAt);
}

/** `<feature>-report-<dataset>-YYYYMMDD.html`, the dataset name reduced to a file-safe slug (letters of any script). */
export function reportFileName(feature: ReportFeature, dataset: string, at: number): string {
  const slug =
    dataset
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'dataset';
  return `${feature}-report-${slug}-${ymd(at)}.html`;
}
