/**
 * Writing a response's stream to a Node response: a producer's chunks (text, a batch of lines a chunk
 * a line, or bytes) or a ReadableStream's, each in a turn of the server's {@link Turns}, until the
 * stream ends or the client goes away.
 */
import type { EventEmitter } from 'node:events'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { PER_LINE_MAX, utf8Length, type StreamChunk, type StreamSource } from '../http/respond.js'
import type { Turns } from './turns.js'

/**
 * Writes each chunk of `body` as it comes, each in a turn of the event loop of its own, and cancels
 * the stream when the client goes away. A chunk is a unit to clients: the official Akkeris CLI
 * filters and prints whole reads, so a log line must not share a read with the next one — and
 * writes made in one turn share a TLS record on Node 22 (seen here: a catch-up of lines arrived
 * cut mid-line at a record boundary).
 */
export async function pipeStream(req: ExpressRequest, res: ExpressResponse, body: ReadableStream<Uint8Array>, turns: Turns): Promise<void> {
  res.removeHeader('content-length')
  res.flushHeaders()
  req.socket.setNoDelay(true)
  const reader = body.getReader()
  if (req.method === 'HEAD') {
    await reader.cancel()
    res.end()
    return
  }
  const gone = () => void reader.cancel().catch(() => {})
  res.once('close', gone)
  try {
    for (;;) {
      await turns.next()
      const next = await reader.read()
      if (next.done || res.destroyed) break
      if (!res.write(next.value)) await writableAgain(res)
    }
    if (!res.destroyed) res.end()
  } catch {
    res.destroy() // the stream failed: the client sees an incomplete chunked body, not a clean end
  } finally {
    res.off('close', gone)
  }
}

/**
 * Bytes of line chunks written together in one turn over plain HTTP: one socket write carries many
 * chunks, each still a chunk of its own, instead of a write a line. A producer's batch (up to 32 KiB
 * of Akkeris lines) goes out whole: with 12 KiB a turn its lines waited across turns, outlived the
 * young generation and grew the heap (a third of what a thousand tails promoted).
 */
const TURN_BYTES = 64 * 1024

/**
 * Writes a producer's chunks straight to the response: a text chunk as it is, a batch of lines a
 * chunk a line, corked in groups of up to {@link TURN_BYTES} (a catch-up batch joined), and every
 * write ends this stream's turn of the event loop so a busy stream never starves the others.
 * The first chunk (a backlog) is written in the request's own turn, with the head when it is ready
 * at once: a stream opened under load shows its first lines without waiting behind every other
 * stream's turn, and in one socket write instead of two. `started` is called once that first chunk
 * is out (or the head alone, when the producer has nothing yet).
 */
export async function writeSource(req: ExpressRequest, res: ExpressResponse, source: StreamSource, turns: Turns, started?: () => void): Promise<void> {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true
  req.socket.setNoDelay(true)
  if (req.method === 'HEAD') {
    res.flushHeaders()
    started?.()
    await source.cancel()
    res.end()
    return
  }
  const gone = () => void source.cancel().catch(() => {})
  res.once('close', gone)
  /** Writes one group, waiting for the socket to drain if it has to. */
  const send = async (write: () => boolean) => {
    if (!write()) await writableAgain(res)
  }
  // An async function keeps what it has in scope while it waits: the chunk written is dropped
  // before the next turn, so a held stream does not keep its last batch of lines.
  let next: IteratorResult<StreamChunk> | undefined
  let first: Promise<IteratorResult<StreamChunk>> | undefined = source.next()
  try {
    // a producer that has nothing yet (a tail with no backlog waits for its first line): the head goes alone
    if (!(await settlesAtOnce(first))) {
      res.flushHeaders()
      started?.()
    }
    for (;;) {
      next = undefined
      if (first) next = await first
      else {
        await turns.next()
        next = await source.next()
      }
      first = undefined
      if (next.done || res.destroyed) break
      const written = writeChunk(next.value)
      next = undefined
      started?.()
      await written
    }
    if (!res.destroyed) res.end()
  } catch {
    res.destroy() // the stream failed: the client sees an incomplete chunked body, not a clean end
  } finally {
    res.off('close', gone)
    started?.()
  }

  /** Writes one chunk of the producer's: text (or its bytes) as it is, a batch of lines a chunk a line. */
  async function writeChunk(chunk: StreamChunk): Promise<void> {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) await send(() => res.write(chunk))
    else if (chunk.length > PER_LINE_MAX) await send(() => res.write(chunk.join('\n') + '\n'))
    else if (secure) {
      // Over TLS, writes made in one event-loop turn share a record (Node 22 and later), and a
      // client reading `data` events (the Akkeris CLI's -d/-s filters test each one as a line) then
      // gets many lines at once: a line a turn.
      for (let i = 0; i < chunk.length && !res.destroyed; i++) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve))
        await send(() => res.write(chunk[i] + '\n'))
      }
    } else {
      for (let i = 0; i < chunk.length && !res.destroyed; ) {
        if (i > 0) await turns.next()
        const from = i
        let bytes = 0
        while (i < chunk.length && (i === from || bytes + chunk[i].length < TURN_BYTES)) bytes += chunk[i++].length + 1
        const socket = res.socket
        if (socket && !res.destroyed && (res as { chunkedEncoding?: boolean }).chunkedEncoding === true) {
          // the response owns the socket (a pipelined one has none yet) and its head is out: the
          // group goes out framed here, the same bytes as a write a line, in one socket write
          // without a chunk of bookkeeping a line
          if (!socket.write(chunkFrames(chunk, from, i))) await drained(socket)
        } else {
          await send(() => {
            res.cork()
            let ok = true
            for (let j = from; j < i; j++) ok = res.write(chunk[j] + '\n')
            res.uncork()
            return ok
          })
        }
      }
    }
  }
}

/** Whether `promise` settles before the event loop's next iteration (it was ready at once). */
function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setImmediate(resolve, false)
    const settled = () => {
      clearImmediate(timer)
      resolve(true)
    }
    promise.then(settled, settled)
  })
}

/** Lines `from` to `to` as HTTP/1.1 chunks, a chunk a line with its newline, as `res.write(line + '\n')` frames them. */
function chunkFrames(lines: string[], from: number, to: number): string {
  let out = ''
  for (let j = from; j < to; j++) out += `${(utf8Length(lines[j]) + 1).toString(16)}\r\n${lines[j]}\n\r\n`
  return out
}

/**
 * Waits after a response's write answered false. Node 24 answers false for writes to a corked
 * response without marking the response as needing a drain, and then no 'drain' comes from it (a
 * backlog over 16 KiB written corked hung there): the socket's drain is waited for instead.
 */
function writableAgain(res: ExpressResponse): Promise<void> | undefined {
  if (res.writableNeedDrain) return drained(res)
  const socket = res.socket
  return socket?.writableNeedDrain ? drained(socket) : undefined
}

/** Resolves when the response (or socket) can take more, or has closed. */
export function drained(res: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done)
      resolve()
    }
    res.once('drain', done).once('close', done)
  })
}
