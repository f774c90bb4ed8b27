/**
 * What every Akkeris interaction shares: the contract token, the headers of JSON and error answers,
 * and request paths whose names and ids come from provider states (`fromProviderState`).
 */
import { akkerisContract } from '../../../src/contracts/akkeris.js'
import { M } from './consumer.js'
import { EX } from './akkeris-shapes.js'

/** The token the contract's requests carry (`paasim verify --token` replaces it). */
export const TOKEN = akkerisContract.contractToken
export const AUTH = { Authorization: `Bearer ${TOKEN}` }
/** Headers of every JSON answer: the constant `RateLimit-Remaining`, exactly. */
export const JSON_HEADERS = { 'Content-Type': M.regex('^application/json(;.*)?$', 'application/json; charset=utf-8'), 'RateLimit-Remaining': '2400' }
/** Akkeris error bodies: the text itself under `Content-Type: application/json`. */
export const ERROR_HEADERS = { 'Content-Type': 'application/json', 'RateLimit-Remaining': '2400' }

/** The example parameters of `an app {app} exists`. */
export const APP = { app: 'api-default' }
export const appPath = (suffix = '') => M.fromProviderState(`/apps/\${app}${suffix}`, `/apps/api-default${suffix}`)
export const buildPath = (suffix = '') => M.fromProviderState(`/apps/\${app}/builds/\${build}${suffix}`, `/apps/api-default/builds/${EX.buildId}${suffix}`)
export const sitePath = (suffix = '') => M.fromProviderState(`/sites/\${site}${suffix}`, `/sites/www.example-shop.io${suffix}`)
