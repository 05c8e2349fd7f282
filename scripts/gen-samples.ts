// Writes the demo datasets to public/samples/ from the seeded generators in scripts/samples/.
// Each generator exports `generate(seed)`; its planted truth is written next to its files.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SampleFile {
  name: string;
  csv: string;
  description: string;
}
export interface SampleSet {
  files: SampleFile[];
  truth: unknown;
}

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'public', 'samples');
const SEED = 20261128;

mkdirSync(out, { recursive: true });
// Sets written before workspaces existed form the default workspace; a generator names its own with `WORKSPACE`, and a
// new set that does not is a workspace of its own (loaded on request, never on first visit).
const DEFAULT_SETS = new Set(['ads', 'customers', 'ecommerce', 'ratings']);
const manifest: { name: string; set: string; workspace: string; description: string; bytes: number }[] = [];
for (const f of readdirSync(join(here, 'samples'))
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const set = f.slice(0, -3);
  const mod = (await import(`./samples/${f}`)) as { generate(seed: number): SampleSet; WORKSPACE?: string };
  const workspace = mod.WORKSPACE ?? (DEFAULT_SETS.has(set) ? 'ecommerce' : set);
  const { files, truth } = mod.generate(SEED);
  for (const file of files) {
    writeFileSync(join(out, file.name), file.csv);
    const bytes = Buffer.byteLength(file.csv);
    manifest.push({ name: file.name, set, workspace, description: file.description, bytes });
  }
  writeFileSync(join(out, `${set}.truth.json`), JSON.stringify(truth, null, 2));
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ seed: SEED, files: manifest }, null, 2));
console.log(`samples: ${manifest.length} files → public/samples/ (${manifest.map((m) => m.name).join(', ')})`);
