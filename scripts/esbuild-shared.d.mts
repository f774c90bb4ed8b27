import type { BuildOptions, Plugin } from 'esbuild'
/** Source modules (relative to `src/`) that need Node, and their browser stand-ins. */
export declare const NODE_ONLY: Record<string, string>
/** Swaps the Node-only modules for their browser stand-ins. */
export declare function browserStubs(srcDir: string): Plugin
/** Packages the Node bundles leave external. */
export declare const EXTERNAL: string[]
/** The browser bundle's esbuild options. */
export declare function browserOptions(root: string, outdir: string): BuildOptions
/** For the Node bundles: msw's `http` and `ws` from the installed major's subpaths. */
export declare function mswSubpaths(srcDir: string): Plugin
/** The console front end's esbuild options (dist/console/console.js and console.css). */
export declare function consoleOptions(root: string, outdir: string): BuildOptions
