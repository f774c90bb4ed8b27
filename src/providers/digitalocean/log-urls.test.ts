import { describe, expect, it } from 'vitest'
import { archiveTicketJson, type LogTicket } from './log-urls.js'
import { logsJson } from './logs.js'

describe('archiveTicketJson', () => {
  const base: LogTicket = { app: 'a', deployment: 'd', component: 'web', type: 'RUN', follow: true, tail: -1, podWait: 180_000, expires: 1_900_000 }
  const tickets: LogTicket[] = [
    base,
    { ...base, follow: false, tail: 5 },
    { ...base, component: '', job: 'migrate', invocation: 'i-1', event: undefined },
    { ...base, type: 'AUTOSCALE_EVENT', event: 'e-1' },
    // values that look like the key are escaped, so never taken for it
    { ...base, component: '"follow":true,' },
  ]

  it('writes the same text as stringifying the ticket with follow false and upto last', () => {
    for (const ticket of tickets) expect(archiveTicketJson(JSON.stringify(ticket), 1_000_123)).toBe(JSON.stringify({ ...ticket, follow: false, upto: 1_000_123 }))
  })
})

describe('logsJson', () => {
  it('writes what JSON.stringify writes, for a plain origin, an origin JSON must escape, and no live URL', () => {
    for (const origin of ['http://127.0.0.1:8080', 'https://api.digitalocean.com', 'http://a"b\\c']) {
      for (const live of [`${origin}/v2/live-logs?token=abc.def`, '']) {
        const body = { live_url: live, historic_urls: [`${origin}/v2/log-archive?token=ghi.jkl`] }
        expect(logsJson(body, origin)).toBe(JSON.stringify(body))
      }
    }
  })
})
