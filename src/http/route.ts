/** Routes as data: a method, a path template, an operation id and a thin resolver. */
import type { RequestContext } from './context.js'
import type { SimResponse } from './respond.js'

/** One API operation. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Template with `{param}` segments, e.g. `/apps/{app}/builds/{build}`. */
  path: string
  /** DigitalOcean: the spec's operationId; Akkeris: a dotted resource name. Keys faults and the journal. */
  operationId: string
  /** No credentials needed (stream URLs whose id is the credential). */
  public?: boolean
  /** Answers a stream (a tail, a live log, an archive): stream fault rules act on it. */
  stream?: boolean
  resolve(ctx: RequestContext): SimResponse | Promise<SimResponse>
}

/** A route with its compiled matcher. */
export interface CompiledRoute extends Route {
  regex: RegExp
  names: string[]
  /** The literal start of the path, checked before the regex. */
  prefix: string
}

/** Compiles path templates once. */
export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = []
    const source = route.path
      .split('/')
      .map((segment) => {
        const m = /^\{(.+)\}$/.exec(segment)
        if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        names.push(m[1])
        return '([^/]+)'
      })
      .join('/')
    const brace = route.path.indexOf('{')
    return { ...route, regex: new RegExp(`^${source}/?$`), names, prefix: brace < 0 ? route.path : route.path.slice(0, brace) }
  })
}

/** The route and decoded params for a method and path, or `undefined`. */
export function matchRoute(routes: CompiledRoute[], method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method
  for (const route of routes) {
    if (route.method !== wanted || !pathname.startsWith(route.prefix)) continue
    const m = route.regex.exec(pathname)
    if (!m) continue
    const params: Record<string, string> = {}
    try {
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])))
    } catch {
      return undefined // malformed percent-encoding matches nothing
    }
    return { route, params }
  }
  return undefined
}
