import { describe, expect, it } from 'vitest'
import * as wsModule from 'ws'

const { Receiver } = wsModule as unknown as { Receiver: new (options: object) => import('node:stream').Writable }
import { encodeLineFrames } from './websocket.js'

/** Decodes frames with ws's own parser, as a client would. */
function decode(buffer: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const out: string[] = []
    const receiver = new Receiver({ isServer: false, maxPayload: 0 })
    receiver.on('message', (data: Buffer) => out.push(data.toString('utf8')))
    receiver.on('error', reject)
    receiver.write(buffer, () => resolve(out))
  })
}

describe('encodeLineFrames', () => {
  it('writes one unmasked text frame per line for every payload-length form, multi-byte text included', async () => {
    const lines = [
      'web 2026-01-01T00:00:00.000000001Z ok',
      'web 2026-01-01T00:00:00.000000002Z “quotes” ✔ \\ "escaped"',
      'web 2026-01-01T00:00:00.000000003Z tricky \\n","x" \\n\\","\t\u0001 end\\',
      '',
      'x'.repeat(200),
      'y'.repeat(70_000),
    ]
    const frames = await decode(encodeLineFrames(lines))
    expect(frames.map((f) => JSON.parse(f))).toEqual(lines.map((l) => ({ data: l + '\n' })))
  })
})
