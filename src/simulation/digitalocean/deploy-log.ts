/**
 * DEPLOY-type log of one component: the rollout as App Platform narrates it — image pull,
 * containers starting (with the app's own startup output), health checks, and the verdict —
 * timed inside the component's `deploy` and `wait` steps of the deployment timeline.
 */
import { hash32 } from '../../core/random.js'
import type { DeploymentTimeline } from './deployment-timeline.js'
import { formatDoLine, type DoLine } from './format.js'
import { crashScript } from './crash-messages.js'
import { jobScript, startupScript, type ScriptLine } from './lifecycle-messages.js'
import { instanceInfo, secondStamp, type InstanceInfo } from './run-messages.js'
import { FastRng, isoSecond, kindLabel, mix32, podName } from './shared.js'

/** Inputs of {@link deployLogLines}. */
export interface DeployLogInput {
  timeline: DeploymentTimeline
  appId: string
  component: string
  /** Instance aliases the component rolls out, e.g. `["web-0", "web-1"]`. */
  instances: string[]
}

interface Pending {
  at: number
  text: string | ScriptLine['msg']
}

/** DEPLOY lines of a component, sorted; empty when the deployment never reached DEPLOYING. */
export function deployLogLines(input: DeployLogInput): DoLine[] {
  const { timeline: t, appId, component, instances } = input
  const c = t.components.find((x) => x.name === component)
  if (!c || !c.deploy || !c.wait) return []
  const r = new FastRng(hash32(t.seed, t.deploymentId, component, 'deploy-log'))
  const lines: Pending[] = []
  const add = (at: number, text: Pending['text']): void => {
    lines.push({ at: Math.round(at), text })
  }
  const { deploy: d, wait: w } = c
  const dLen = d.end - d.start
  const wLen = w.end - w.start
  const label = kindLabel(c.kind)
  add(d.start + 150, ` › deploying ${label} ${component} (deployment ${t.deploymentId.slice(0, 8)})`)

  if (c.kind === 'static_site') {
    add(d.start + dLen * 0.3, ' › uploading static assets to the CDN')
    add(d.start + dLen * 0.9, ` ✔ uploaded ${r.int(8, 400)} files`)
    add(w.end - 50, ` ✔ static site ${component} deployed`)
    return finish(t, component, lines)
  }

  add(d.start + dLen * 0.15, ` › pulling container image for ${component}`)
  add(d.start + dLen * (0.55 + 0.2 * r.next()), ` ✔ pulled container image (${r.int(60, 480)} MB)`)
  const pods: InstanceInfo[] = instances.map((alias) =>
    instanceInfo(podName(t.seed, appId, component, alias, t.deploymentId), 1 + (hash32(t.seed, appId, component, alias, 'run') % 23), component),
  )
  pods.forEach((pod, i) => add(d.start + dLen * (0.8 + 0.15 * (i / Math.max(1, pods.length))), ` › starting container ${pod.pod} (${instances[i]})`))

  if (c.kind === 'job') {
    add(w.start + 200, ` › running job ${component}`)
    let at = w.start + 1200
    for (const line of jobScript(c.stack, component, r)) add((at += line.dt), line.msg)
    add(w.end - 100, ` ✔ job ${component} completed (exit code 0)`)
    return finish(t, component, lines)
  }

  const alias = (i: number): string => instances[i] ?? `${component}-${i}`
  const service = c.kind === 'service'
  pods.forEach((pod, i) => {
    let at = w.start + wLen * (0.05 + 0.1 * (i / Math.max(1, pods.length))) + r.int(0, 800)
    const script = startupScript(c.kind, c.stack, pod, component)
    // A failing service listens on the wrong interface; a failing worker crashes on start.
    const shown = w.ok || !service ? script : script.slice(0, -1)
    for (const line of shown) add((at += line.dt), line.msg)
    if (!w.ok && service) add(at + 40, 'Server listening on http://127.0.0.1:3000')
    if (!w.ok && !service) for (const line of crashScript(c.stack, 'econnrefused', pod, 'worker')) add((at += 1 + line.dt), line.msg)
  })

  add(w.start + wLen * 0.3, service ? ' › waiting for instances to pass health checks (TCP port 8080)' : ' › waiting for instances to be running')
  if (w.ok) {
    instances.forEach((_, i) => {
      const at = w.start + wLen * (0.6 + 0.3 * ((i + r.next()) / instances.length))
      add(at, service ? ` ✔ ${alias(i)} passed health checks` : ` ✔ ${alias(i)} is running`)
    })
    add(w.end - 20, ` ✔ ${component} deployed: ${instances.length}/${instances.length} instances ready`)
  } else {
    const attempts = Math.max(2, Math.floor((wLen * 0.6) / 10_000))
    for (let k = 0; k < attempts; k++) {
      const i = k % Math.max(1, instances.length)
      const at = w.start + wLen * 0.35 + k * 10_000
      if (service) add(at, ` ✘ health check failed for ${alias(i)}: dial tcp 10.244.${i}.${17 + i}:8080: connect: connection refused`)
      else add(at, ` ✘ ${alias(i)} exited with code 1; restarting (back-off ${10 * 2 ** Math.floor(k / 2)}s)`)
    }
    add(w.end - 20, ` ✘ ${component} ${service ? 'failed health checks' : 'did not stay running'}; the previous deployment keeps serving traffic`)
  }
  return finish(t, component, lines)
}

function finish(t: DeploymentTimeline, component: string, lines: Pending[]): DoLine[] {
  lines.sort((a, b) => a.at - b.at)
  const key = hash32(t.seed, t.deploymentId, component, 'deploy-ns')
  let prevAt = -1
  let prevNs = -1
  return lines.map((l, i) => {
    let ns = mix32(key, i) % 1_000_000
    if (l.at === prevAt && ns <= prevNs) ns = Math.min(999_999, prevNs + 1)
    prevAt = l.at
    prevNs = ns
    const sec = Math.floor(l.at / 1000)
    const text = typeof l.text === 'string' ? l.text : l.text(secondStamp(sec, isoSecond(sec)), (l.at - sec * 1000) * 1_000_000 + ns)
    return { at: l.at, nanos: ns, text: formatDoLine(component, l.at, ns, text) }
  })
}
