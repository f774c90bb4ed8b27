/**
 * Akkeris requests as fault rules see them: the app is the `{app}` of the path (an id or a key), or
 * the app of a log session's stream; the component is the `{dyno}` of the dyno routes, known by its
 * type (`web`), its name as the API lists it (`2ed4e737z-mcnd9`) and both joined (`web.2ed4e737z-mcnd9`).
 */
import type { FaultScope } from '../../http/provider.js'
import type { Simulation } from '../../sim.js'
import { findDyno } from './dynos.js'

/** The Akkeris provider's {@link FaultScope}. */
export const akkerisFaultScope: FaultScope = {
  subject(ctx) {
    const { app, dyno, session } = ctx.params
    if (session !== undefined) {
      const record = ctx.sim.backends.akkeris.lookup.sessions.get(session)
      return record?.target === 'app' ? { app: record.targetId } : {}
    }
    return { app, component: dyno }
  },
  appId(sim: Simulation, ref: string) {
    try {
      return sim.backends.akkeris.app(ref).id
    } catch {
      return undefined
    }
  },
  componentNames(sim: Simulation, app: string | undefined, ref: string) {
    const dot = ref.indexOf('.')
    if (dot > 0) return [ref.slice(0, dot), ref, ref.slice(dot + 1)]
    if (app === undefined) return [ref]
    try {
      // a dyno's short name (as the API lists it) or its id: the dyno it is, if it runs
      const { dyno } = findDyno(sim.backends.akkeris, app, ref)
      return [dyno.type, dyno.instance, dyno.instance.slice(dyno.type.length + 1)]
    } catch {
      return [ref] // a dyno type (`DELETE /apps/{app}/dynos/web`), or a dyno that is gone
    }
  },
}
