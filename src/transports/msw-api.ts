/**
 * The two msw functions paasim builds handlers with. The Node build replaces this module (see
 * scripts/esbuild-shared.mjs): there it imports them from msw's own subpaths (`msw/core/http` in
 * msw 2, `msw/http` in msw 3), because msw 2's main entry also loads GraphQL, which doubled the
 * cost of `import 'paasim'`. Both paths give the same classes as `msw` itself.
 */
export { http, ws } from 'msw'
