/**
 * Type-checking stand-in for `@digitalocean/dots`, which ships its TypeScript sources: checking
 * them against the installed kiota fails (see test/digitalocean/dots-client.test.ts). Runtime code
 * still comes from the package; tsconfig's `paths` points the types here.
 */
import type { AuthenticationProvider, RequestAdapter, RequestInformation } from '@microsoft/kiota-abstractions'

/** Bearer-token authentication for the client. */
export declare class DigitalOceanApiKeyAuthenticationProvider implements AuthenticationProvider {
  constructor(token: string)
  authenticateRequest(request: RequestInformation, additionalAuthenticationContext?: Record<string, unknown>): Promise<void>
}

/** The generated client; its navigation and models are untyped here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function createDigitalOceanClient(adapter: RequestAdapter): any
