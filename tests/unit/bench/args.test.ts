// The bench command line: option values are never read as benchmark names, file arguments reach the benchmark,
// and misspellings are usage errors (exit 2 in bench/run.ts).
import { describe, expect, it } from 'vitest';
import { benchArgs, BenchUsageError, intOption, parseBenchArgs, toBenchArgv } from '../../../bench/args.ts';

const BENCHES = ['ads', 'ingest', 'profile', 'recommend'];

describe('parseBenchArgs', () => {
  it('keeps an option value with its option: `ingest --runs 3`', () => {
    expect(parseBenchArgs(['ingest', '--runs', '3'], BENCHES)).toEqual({
      names: ['ingest'],
      options: { runs: '3' },
      positionals: [],
    });
    expect(parseBenchArgs(['--runs=3', 'ingest'], BENCHES)).toEqual({
      names: ['ingest'],
      options: { runs: '3' },
      positionals: [],
    });
  });

  it('passes a file after the benchmark name as its argument', () => {
    expect(parseBenchArgs(['ingest', '/tmp/x.csv'], BENCHES)).toEqual({
      names: ['ingest'],
      options: {},
      positionals: ['/tmp/x.csv'],
    });
    expect(parseBenchArgs(['ingest', 'data.csv', '--runs', '2'], BENCHES)).toEqual({
      names: ['ingest'],
      options: { runs: '2' },
      positionals: ['data.csv'],
    });
    expect(parseBenchArgs(['ingest', '--', 'profile'], BENCHES).positionals).toEqual(['profile']);
  });

  it('selects several benchmarks, or none (= all), and mixes flags with valued options', () => {
    expect(parseBenchArgs(['profile', 'recommend', '--quick', '--rows', '100000'], BENCHES)).toEqual({
      names: ['profile', 'recommend'],
      options: { quick: true, rows: '100000' },
      positionals: [],
    });
    expect(parseBenchArgs([], BENCHES)).toEqual({ names: [], options: {}, positionals: [] });
    // a value that happens to be a benchmark name is still the value
    expect(parseBenchArgs(['ingest', '--file', 'profile'], BENCHES)).toEqual({
      names: ['ingest'],
      options: { file: 'profile' },
      positionals: [],
    });
  });

  it('rejects a misspelt benchmark, an unknown option and a valued option without a value', () => {
    expect(() => parseBenchArgs(['ingst'], BENCHES)).toThrow(
      /unknown benchmark `ingst`; have: ads, ingest, profile, recommend/,
    );
    expect(() => parseBenchArgs(['ingest', 'profle'], BENCHES)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['ingest', '--run', '3'], BENCHES)).toThrow(/unknown option `--run`/);
    expect(() => parseBenchArgs(['ingest', '--runs'], BENCHES)).toThrow(/`--runs` needs a value/);
    expect(() => parseBenchArgs(['ingest', '--runs', '--quick'], BENCHES)).toThrow(/needs a value/);
    expect(() => parseBenchArgs(['profile', '--quick=yes'], BENCHES)).toThrow(/takes no value/);
    expect(() => parseBenchArgs(['/tmp/x.csv'], BENCHES)).toThrow(/no benchmark was named/);
  });

  it('round-trips through the argv a benchmark receives', () => {
    const parsed = parseBenchArgs(['ingest', '/tmp/x.csv', '--runs', '3', '--quick'], BENCHES);
    const argv = toBenchArgv(parsed);
    expect(argv).toEqual(['--runs=3', '--quick', '--', '/tmp/x.csv']);
    expect(benchArgs(argv)).toEqual({ options: { runs: '3', quick: true }, positionals: ['/tmp/x.csv'] });
    // a benchmark called directly with the raw form reads the same
    expect(benchArgs(['--runs', '3', '/tmp/x.csv'])).toEqual({ options: { runs: '3' }, positionals: ['/tmp/x.csv'] });
  });
});

describe('intOption', () => {
  it('reads whole numbers, falls back when absent and rejects the rest', () => {
    expect(intOption({ runs: '3' }, 'runs', 5)).toBe(3);
    expect(intOption({ rows: '100_000' }, 'rows', 1)).toBe(100_000);
    expect(intOption({}, 'runs', 5)).toBe(5);
    expect(() => intOption({ runs: 'three' }, 'runs', 5)).toThrow(/whole number/);
    expect(() => intOption({ runs: '0' }, 'runs', 5)).toThrow(/≥ 1/);
    expect(() => intOption({ runs: '2.5' }, 'runs', 5)).toThrow(BenchUsageError);
  });
});
