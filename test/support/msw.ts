/**
 * Unhandled requests as errors in both msw majors: msw 2 reads `onUnhandledRequest`, msw 3
 * `onUnhandledFrame`, and each ignores the other's key, so a test suite can pass both.
 */
export const STRICT = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const

