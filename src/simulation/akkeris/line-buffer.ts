/**
 * Log lines written as UTF-8 bytes into one growing buffer, piece by piece, and read back as one
 * flat string. Building a line with `+` leaves a tree of string pieces that every later join or
 * socket write has to walk and copy; a busy tail catching up writes hundreds of thousands of lines,
 * and walking those trees cost more than drawing the lines. Here each piece is copied once.
 */

const encoder = new TextEncoder()
const decoder = new TextDecoder()
/** Two lower-case hex digits of every byte value, as character codes (high, low). */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join('')
const HEX_CODES = Uint8Array.from(HEX, (ch) => ch.charCodeAt(0))
/** "0000" … "9999" as character codes, four bytes each. */
const DIGITS4 = Uint8Array.from(Array.from({ length: 10000 }, (_, i) => String(i).padStart(4, '0')).join(''), (ch) => ch.charCodeAt(0))
const NL = 10
const DASH = 45
const FOUR = 52

/** Writes the two hex digits of `v` at `at`; returns the position after them. */
function byte(buf: Uint8Array, at: number, v: number): number {
  buf[at] = HEX_CODES[v * 2]
  buf[at + 1] = HEX_CODES[v * 2 + 1]
  return at + 2
}

/**
 * The same text as a flat string. Text built with `+` is a tree of pieces, and every read of a
 * character walks into it; a piece written into many lines is flattened once, where it is made.
 */
export function flat(text: string): string {
  return decoder.decode(encoder.encode(text))
}

/** Text written into many lines, encoded once: its UTF-8 bytes and its length as a string. */
export interface Piece {
  readonly bytes: Uint8Array
  readonly chars: number
}

/** The {@link Piece} of a text. */
export function piece(text: string): Piece {
  return { bytes: encoder.encode(text), chars: text.length }
}

/** Writes the text of `uuidFromWords(a, b, c, d)` into `buf` at `at`; returns the position after it. */
export function renderUuid(buf: Uint8Array, at: number, a: number, b: number, c: number, d: number): number {
  at = byte(buf, at, a >>> 24)
  at = byte(buf, at, (a >>> 16) & 255)
  at = byte(buf, at, (a >>> 8) & 255)
  at = byte(buf, at, a & 255)
  buf[at++] = DASH
  at = byte(buf, at, b >>> 24)
  at = byte(buf, at, (b >>> 16) & 255)
  buf[at++] = DASH
  buf[at++] = FOUR
  buf[at++] = HEX_CODES[((b >>> 8) & 15) * 2 + 1]
  at = byte(buf, at, b & 255)
  buf[at++] = DASH
  buf[at++] = HEX_CODES[(8 + (c >>> 30)) * 2 + 1]
  buf[at++] = HEX_CODES[((c >>> 24) & 15) * 2 + 1]
  at = byte(buf, at, (c >>> 16) & 255)
  buf[at++] = DASH
  at = byte(buf, at, (c >>> 8) & 255)
  at = byte(buf, at, c & 255)
  at = byte(buf, at, d >>> 24)
  at = byte(buf, at, (d >>> 16) & 255)
  at = byte(buf, at, (d >>> 8) & 255)
  return byte(buf, at, d & 255)
}

/** Whole lines taken out of a {@link LineBuffer}: their bytes, UTF-16 length and count. */
export interface TakenLines {
  readonly bytes: Uint8Array
  readonly chars: number
  readonly lines: number
}

/** A point in a {@link LineBuffer}'s writing: its length and counts then. */
export interface LineMark {
  readonly len: number
  readonly chars: number
  readonly lines: number
}

/**
 * A writer of lines as bytes. Callers take what they wrote with {@link text} or {@link lineArray}
 * from a {@link mark} and {@link rewind} to it, so one buffer can be shared by nested writers as
 * long as each gives back what it wrote before control leaves it.
 */
export class LineBuffer {
  /** The bytes; valid up to {@link len}. */
  buf = new Uint8Array(1 << 16)
  /** Bytes written. */
  len = 0
  /** UTF-16 code units written (what `string.length` counts), newlines included. */
  chars = 0
  /** Newlines written. */
  lines = 0

  #room(bytes: number): void {
    if (this.len + bytes <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.len + bytes) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }

  /** Appends a string (ASCII copied directly, anything else through the UTF-8 encoder). */
  s(str: string): void {
    const n = str.length
    let len = this.len
    if (len + n * 3 > this.buf.length) this.#room(n * 3)
    const buf = this.buf
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i)
      if (c > 127) return this.#utf8(str, i, len)
      buf[len++] = c
    }
    this.len = len
    this.chars += n
  }

  /** The rest of `str` from `i`, written at `len` through the encoder (room was made for it). */
  #utf8(str: string, i: number, len: number): void {
    this.len = len + encoder.encodeInto(str.slice(i), this.buf.subarray(len)).written
    this.chars += str.length
  }

  /** Appends a piece's bytes (a native copy; the shortest in a loop, cheaper than the call). */
  b(p: Piece): void {
    const src = p.bytes
    const n = src.length
    const len = this.len
    if (len + n > this.buf.length) this.#room(n)
    const buf = this.buf
    if (n > 10) buf.set(src, len)
    else for (let i = 0; i < n; i++) buf[len + i] = src[i]
    this.len = len + n
    this.chars += p.chars
  }

  /** Appends an integer as `String(x)` writes it (four digits at a time from a table). */
  n(x: number): void {
    if (!(x >= 0 && x <= Number.MAX_SAFE_INTEGER && Math.floor(x) === x)) return this.s(String(x))
    if (this.len + 16 > this.buf.length) this.#room(16)
    const start = this.len
    if (x < 1e4) this.#group(x, false)
    else if (x < 1e8) {
      const hi = Math.floor(x / 1e4)
      this.#group(hi, false)
      this.#group(x - hi * 1e4, true)
    } else if (x < 1e12) {
      const hi = Math.floor(x / 1e8)
      const rest = x - hi * 1e8
      const mid = Math.floor(rest / 1e4)
      this.#group(hi, false)
      this.#group(mid, true)
      this.#group(rest - mid * 1e4, true)
    } else {
      const top = Math.floor(x / 1e12)
      const rest = x - top * 1e12
      const hi = Math.floor(rest / 1e8)
      const low = rest - hi * 1e8
      const mid = Math.floor(low / 1e4)
      this.#group(top, false)
      this.#group(hi, true)
      this.#group(mid, true)
      this.#group(low - mid * 1e4, true)
    }
    this.chars += this.len - start
  }

  /** Writes `g` (0–9999), padded to four digits or not. */
  #group(g: number, padded: boolean): void {
    const skip = padded ? 0 : g < 10 ? 3 : g < 100 ? 2 : g < 1000 ? 1 : 0
    const buf = this.buf
    let len = this.len
    for (let i = g * 4 + skip, end = g * 4 + 4; i < end; i++) buf[len++] = DIGITS4[i]
    this.len = len
  }

  /** Appends the first `digits` (default all eight) lower-case hex digits of a 32-bit word. */
  hex8(w: number, digits = 8): void {
    this.#room(8)
    const buf = this.buf
    let at = this.len
    for (let i = 0; i < digits; i++) buf[at++] = HEX_CODES[((w >>> (28 - 4 * i)) & 15) * 2 + 1]
    this.len = at
    this.chars += digits
  }

  /** Appends a version-4 UUID rendered from four 32-bit words (the text of `uuidFromWords`). */
  uuid(a: number, b: number, c: number, d: number): void {
    this.#room(36)
    this.len = renderUuid(this.buf, this.len, a, b, c, d)
    this.chars += 36
  }

  /** Appends ASCII bytes (a rendered id, say) as they are. */
  raw(src: Uint8Array): void {
    const n = src.length
    if (this.len + n > this.buf.length) this.#room(n)
    this.buf.set(src, this.len)
    this.len += n
    this.chars += n
  }

  /** Appends lines taken out with {@link take} (a copy of their bytes, with their counts). */
  put(lines: TakenLines): void {
    this.raw(lines.bytes)
    this.chars += lines.chars - lines.bytes.length
    this.lines += lines.lines
  }

  /** A copy of what was written since `from`, with its counts, to {@link put} again (elsewhere, or later). */
  take(from: LineMark): TakenLines {
    return { bytes: this.bytes(from), chars: this.chars - from.chars, lines: this.lines - from.lines }
  }

  /** Ends a line. */
  nl(): void {
    this.#room(1)
    this.buf[this.len++] = NL
    this.chars++
    this.lines++
  }

  /** Where the writing stands, to read and {@link rewind} to later. */
  mark(): LineMark {
    return { len: this.len, chars: this.chars, lines: this.lines }
  }

  /** What was written since `from`, as one string. */
  text(from: LineMark): string {
    return decoder.decode(this.buf.subarray(from.len, this.len))
  }

  /** A copy of the bytes written since `from` (the text of {@link text}, encoded). */
  bytes(from: LineMark): Uint8Array {
    return this.buf.slice(from.len, this.len)
  }

  /** The lines written since `from` (each ended by {@link nl}), without their newlines. */
  lineArray(from: LineMark): string[] {
    if (this.len === from.len) return []
    const lines = this.text(from).split('\n')
    lines.pop()
    return lines
  }

  /** Forgets what was written since `to`. */
  rewind(to: LineMark): void {
    this.len = to.len
    this.chars = to.chars
    this.lines = to.lines
  }
}

/**
 * One buffer the producers share within a turn: whoever writes into it takes a mark first and
 * rewinds to it before control leaves (before any `await` or `yield`), so it is empty
 * between turns and holds no stream's lines.
 */
const scratch = new LineBuffer()

/** The shared scratch {@link LineBuffer} (see the note on it: rewind before control leaves). */
export function scratchLines(): LineBuffer {
  return scratch
}
