#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader (Node 20 has no native type stripping).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
