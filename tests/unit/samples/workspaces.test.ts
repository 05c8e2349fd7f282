// Sample workspaces: the manifest's files grouped per workspace (default first; files of old manifests without a
// workspace belong to the default), and which files a workspace still needs given the library's dataset names.
import { describe, expect, it } from 'vitest';
import { WORKSPACE as EDUCATION } from '../../../scripts/samples/education.ts';
import { WORKSPACE as FINANCE } from '../../../scripts/samples/finance.ts';
import {
  DEFAULT_WORKSPACE,
  filesToImport,
  sampleWorkspaces,
  workspaceStatus,
  type SampleManifest,
} from '../../../src/state/samples.ts';

const file = (name: string, set: string, bytes: number, workspace?: string) => ({
  name,
  set,
  description: `${name} (${set})`,
  bytes,
  ...(workspace ? { workspace } : {}),
});

const manifest: SampleManifest = {
  seed: 1,
  files: [
    file('ads-campaign-log.csv', 'ads', 100, 'ecommerce'),
    file('customers-churn.csv', 'customers', 200, 'ecommerce'),
    file('education-enrolments.csv', 'education', 300, EDUCATION),
    file('education-courses.csv', 'education', 40, EDUCATION),
    file('ecommerce-transactions.csv', 'ecommerce', 500, 'ecommerce'),
    file('finance-card-customers.csv', 'finance', 600, FINANCE),
    file('finance-card-purchases.csv', 'finance', 700, FINANCE),
    file('ratings.csv', 'ratings', 800), // a manifest written before workspaces: the default one
  ],
};

describe('sample workspaces', () => {
  it('groups files per workspace, the default first, the others in manifest order', () => {
    const ws = sampleWorkspaces(manifest);
    expect(ws.map((w) => w.name)).toEqual([DEFAULT_WORKSPACE, 'education', 'finance']);
    expect(ws[0]!.files.map((f) => f.name)).toEqual([
      'ads-campaign-log.csv',
      'customers-churn.csv',
      'ecommerce-transactions.csv',
      'ratings.csv',
    ]);
    expect(ws.map((w) => w.bytes)).toEqual([1600, 340, 1300]);
  });

  it('lists only the files whose dataset name is not in the library yet', () => {
    const names = filesToImport(manifest, 'finance', ['finance-card-customers', 'ratings']).map((f) => f.name);
    expect(names).toEqual(['finance-card-purchases.csv']);
    expect(filesToImport(manifest, 'finance', ['finance-card-customers', 'finance-card-purchases'])).toEqual([]);
    expect(filesToImport(manifest, DEFAULT_WORKSPACE, []).map((f) => f.name)).toHaveLength(4);
    expect(filesToImport(manifest, 'media', [])).toEqual([]);
  });

  it('reports how many files each workspace still lacks', () => {
    const status = workspaceStatus(manifest, [
      'ads-campaign-log',
      'customers-churn',
      'ecommerce-transactions',
      'ratings',
      'education-courses',
    ]);
    expect(status.map((s) => [s.name, s.missing])).toEqual([
      ['ecommerce', 0],
      ['education', 1],
      ['finance', 2],
    ]);
  });
});
