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
const manifest: { name: string; set: string; description: string; bytes: number }[] = [];
for (const f of readdirSync(join(here, 'samples'))
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const set = f.slice(0, -3);
  const mod = (await import(`./samples/${f}`)) as { generate(seed: number): SampleSet };
  const { files, truth } = mod.generate(SEED);
  for (const file of files) {
    writeFileSync(join(out, file.name), file.csv);
    manifest.push({ name: file.name, set, description: file.description, bytes: Buffer.byteLength(file.csv) });
  }
  writeFileSync(join(out, `${set}.truth.json`), JSON.stringify(truth, null, 2));
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ seed: SEED, files: manifest }, null, 2));
console.log(`samples: ${manifest.length} files → public/samples/ (${manifest.map((m) => m.name).join(', ')})`);
