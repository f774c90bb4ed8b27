/**
 * The JSON bodies the simulated Akkeris API answers with, typed for clients and tests (derived from
 * the serializers, so they cannot drift from what is sent). Errors are plain text, not JSON.
 * @see https://github.com/akkeris/controller-api (the routes these mirror)
 */
import type { AkkerisMetrics } from '../../simulation/akkeris/metrics.js'
import type { serializeApp, serializeBuild, serializeBuildResult, serializeFormation, serializeLogSession, serializeSite } from './serializers.js'

/** `GET /apps/{app}`; `GET /apps` answers an array of these. */
export type AkkerisAppBody = ReturnType<typeof serializeApp>
/** An entry of `GET /apps/{app}/formation`. */
export type AkkerisFormationBody = ReturnType<typeof serializeFormation>
/** `GET /apps/{app}/builds/{build}` and `POST /apps/{app}/builds`; `GET /apps/{app}/builds` answers an array. */
export type AkkerisBuildBody = ReturnType<typeof serializeBuild>
/** `GET /apps/{app}/builds/{build}/result`: the build and its output lines. */
export type AkkerisBuildResultBody = ReturnType<typeof serializeBuildResult>
/** `GET /sites/{site}`; `GET /sites` answers an array. */
export type AkkerisSiteBody = ReturnType<typeof serializeSite>
/** `POST /apps/{app}/log-sessions` and `POST /sites/{site}/log-sessions`: where to read the stream. */
export type AkkerisLogSessionBody = ReturnType<typeof serializeLogSession>
/** `GET /apps/{app}/metrics`: metric → dyno type → unix second → value (as a string). */
export type AkkerisMetricsBody = AkkerisMetrics
