// Adds (or replaces) messages in messages/en.json and messages/zh-CN.json from one small JSON file
// {"key": {"en": "…", "zh-CN": "…"}, …}, keeping keys sorted, under a lock so several people can add at once, then
// recompiles src/paraglide/. Usage: node scripts/add-messages.mjs part.json [--remove key …]
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const LOCALES = ['en', 'zh-CN'];
const LOCK = 'messages/.lock';
const args = process.argv.slice(2);
const removeAt = args.indexOf('--remove');
const removeKeys = removeAt >= 0 ? args.slice(removeAt + 1) : [];
const partFile = removeAt === 0 ? null : args[0];

function lock() {
  for (let i = 0; i < 600; i++) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  throw new Error(`${LOCK} held for a minute: remove it if no add-messages is running`);
}

const part = partFile ? JSON.parse(readFileSync(partFile, 'utf8')) : {};
for (const [key, v] of Object.entries(part)) {
  if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new Error(`bad key ${key}: snake_case, feature prefix`);
  for (const l of LOCALES) if (typeof v[l] !== 'string' || !v[l].trim()) throw new Error(`${key}: no ${l} text`);
}
lock();
try {
  for (const l of LOCALES) {
    const path = `messages/${l}.json`;
    const all = JSON.parse(readFileSync(path, 'utf8'));
    const { $schema, ...rest } = all;
    for (const [key, v] of Object.entries(part)) rest[key] = v[l];
    for (const key of removeKeys) delete rest[key];
    const sorted = Object.fromEntries(
      Object.keys(rest)
        .sort()
        .map((k) => [k, rest[k]]),
    );
    writeFileSync(path, JSON.stringify({ $schema, ...sorted }, null, 2) + '\n');
  }
} finally {
  rmdirSync(LOCK);
}
const run = spawnSync('node', ['scripts/i18n.mjs'], { stdio: 'inherit' });
console.log(`messages: ${Object.keys(part).length} added or replaced, ${removeKeys.length} removed`);
process.exit(run.status ?? 1);
