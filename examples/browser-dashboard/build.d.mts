import type { BuildResult, Plugin } from 'esbuild'
/** Bundles the dashboard's main.ts into `outdir` and copies msw's worker beside index.html. */
export declare function buildDashboard(options?: { outdir?: string; plugins?: Plugin[]; alias?: Record<string, string> }): Promise<BuildResult>
