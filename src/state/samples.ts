// Sample data: the generated demo CSVs, fetched from our own origin (the importer runs them through the worker).
export interface SampleManifest {
  seed: number;
  files: { name: string; set: string; description: string; bytes: number }[];
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
