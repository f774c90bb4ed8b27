/** Leak checks: the process's socket and timer handles, and waiting for the other side of a socket to close. */

/** Socket and timer handles of this process. */
export const handles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length

/** Waits until `check` holds (the other side of a socket closes a moment later), at most 3 s. */
export async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
}
