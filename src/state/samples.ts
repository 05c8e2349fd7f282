// Sample data: the generated demo CSVs, fetched from our own origin (the importer runs them through the worker), and
// their grouping into workspaces (the default one is imported on first visit; the others on request).
export interface SampleManifestFile {
  name: string;
  set: string;
  /** Which workspace the file belongs to; manifests written before workspaces existed have none (= the default). */
  workspace?: string;
  description: string;
  bytes: number;
}

export interface SampleManifest {
  seed: number;
  files: SampleManifestFile[];
}

/** The workspace a fresh profile starts with. */
export const DEFAULT_WORKSPACE = 'ecommerce';

export interface SampleWorkspace {
  name: string;
  files: SampleManifestFile[];
  bytes: number;
}

/** The dataset name a sample file is imported under. */
export function sampleDatasetName(file: string): string {
  return file.replace(/\.csv$/i, '');
}

export function workspaceOf(file: SampleManifestFile): string {
  return file.workspace ?? DEFAULT_WORKSPACE;
}

/** The manifest's workspaces: the default one first, then the others in manifest order. */
export function sampleWorkspaces(manifest: SampleManifest): SampleWorkspace[] {
  const byName = new Map<string, SampleWorkspace>([
    [DEFAULT_WORKSPACE, { name: DEFAULT_WORKSPACE, files: [], bytes: 0 }],
  ]);
  for (const f of manifest.files) {
    const name = workspaceOf(f);
    const ws = byName.get(name) ?? { name, files: [], bytes: 0 };
    ws.files.push(f);
    ws.bytes += f.bytes;
    byName.set(name, ws);
  }
  return [...byName.values()].filter((ws) => ws.files.length > 0);
}

/** The workspace's files not yet in the library (matched by dataset name), in manifest order. */
export function filesToImport(
  manifest: SampleManifest,
  workspace: string,
  existing: Iterable<string>,
): SampleManifestFile[] {
  const have = new Set(existing);
  return manifest.files.filter((f) => workspaceOf(f) === workspace && !have.has(sampleDatasetName(f.name)));
}

/** Each workspace with how many of its files are not yet in the library (0 = loaded). */
export function workspaceStatus(
  manifest: SampleManifest,
  existing: Iterable<string>,
): (SampleWorkspace & { missing: number })[] {
  const have = [...existing];
  return sampleWorkspaces(manifest).map((ws) => ({ ...ws, missing: filesToImport(manifest, ws.name, have).length }));
}

export async function fetchManifest(): Promise<SampleManifest> {
  const res = await fetch('./samples/manifest.json');
  if (!res.ok) {
    throw new Error(
      `sample data is missing from this build (manifest.json: HTTP ${res.status}); run \`npm run build\`.`,
    );
  }
  return (await res.json()) as SampleManifest;
}

export async function fetchSample(name: string): Promise<Blob> {
  const res = await fetch(`./samples/${encodeURIComponent(name)}`);
  if (!res.ok) throw new Error(`sample ${name}: HTTP ${res.status}`);
  return res.blob();
}
