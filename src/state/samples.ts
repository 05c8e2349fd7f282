// "Load sample data": fetches the generated demo CSVs from our own origin and imports each through the worker.
import { ml } from './ml-client.ts';

export interface SampleManifest { seed: number; files: { name: string; set: string; description: string; bytes: number }[] }

export async function fetchManifest(): Promise<SampleManifest> {
  const res = await fetch('./samples/manifest.json');
  if (!res.ok) throw new Error(`sample data is missing from this build (manifest.json: HTTP ${res.status}); run \`npm run build\`.`);
  return (await res.json()) as SampleManifest;
}

/** Imports every sample file; reports each finished file. Existing sample datasets with the same name are kept. */
export async function loadSamples(onFile: (name: string, done: number, total: number) => void): Promise<number> {
  const manifest = await fetchManifest();
  let done = 0;
  for (const f of manifest.files) {
    const res = await fetch(`./samples/${encodeURIComponent(f.name)}`);
    if (!res.ok) throw new Error(`sample ${f.name}: HTTP ${res.status}`);
    const blob = await res.blob();
    await ml.run<'import'>({ kind: 'import', file: blob, name: f.name.replace(/\.csv$/i, ''), source: f.name, sample: true });
    onFile(f.name, ++done, manifest.files.length);
  }
  return done;
}
