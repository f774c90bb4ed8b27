import { expect, it } from 'vitest'
import { colorEnabled, forStream } from './color.js'

const tty = { isTTY: true }
const pipe = { isTTY: false }

it('colours only a terminal, unless NO_COLOR or FORCE_COLOR say otherwise', () => {
  expect(colorEnabled(tty, {})).toBe(true)
  expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false)
  expect(colorEnabled(pipe, {})).toBe(false)
  expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false)
  expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true) // an empty NO_COLOR is unset
  expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true)
  expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false)
  expect(colorEnabled(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false)
  expect(forStream(pipe, {})('\u001b[31mFAILED\u001b[0m')).toBe('FAILED')
  expect(forStream(tty, {})('\u001b[31mFAILED\u001b[0m')).toBe('\u001b[31mFAILED\u001b[0m')
})
