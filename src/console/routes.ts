/**
 * The console's page and files as control routes (`/__paasim/ui/…`): static GETs that the
 * standalone server adds to the control API when it serves control routes, so they share the
 * control routes' handling (never faulted, no credentials). The files load on the first request.
 */
import { SimError } from '../core/errors.js'
import { bytes } from '../http/respond.js'
import type { Route } from '../http/route.js'
import { consoleAssets } from './assets.js'

async function serveAsset(name: string) {
  const found = (await consoleAssets()).get(name)
  if (!found) throw new SimError('not_found', {}, `the console has no file ${name}`)
  const response = bytes(found.body, found.type)
  response.headers.set('cache-control', 'no-cache')
  return response
}

/** `GET /__paasim/ui/` (the page) and `GET /__paasim/ui/{file}` (its script and stylesheet). */
export const consoleRoutes: Route[] = [
  { method: 'GET', path: '/__paasim/ui', operationId: 'control.console.page', resolve: () => serveAsset('index.html') },
  { method: 'GET', path: '/__paasim/ui/{file}', operationId: 'control.console.file', resolve: (ctx) => serveAsset(ctx.params.file) },
]
