// Types for scripts/build-cli.mjs (plain JavaScript so it runs without tsx).
export declare const ROOT: string;
export declare const OUT_DIR: string;
export declare function bundlerAvailable(): boolean;
export declare function isFresh(outDir?: string): boolean;
export interface BuildResult {
  /** false when `ifStale` found a build another process had just finished. */
  built: boolean;
  outDir: string;
  files: string[];
  bytes: number;
  seconds: number;
}
export declare function buildCli(options?: {
  outDir?: string;
  ifStale?: boolean;
  quiet?: boolean;
}): Promise<BuildResult>;
