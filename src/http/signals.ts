/**
 * Request signals created on demand. The standalone server builds its `Request`s without a
 * signal (an AbortSignal per request is costly on Node 20) and registers a factory here; only
 * streams and fault delays ask for one.
 */
const factories = new WeakMap<Request, () => AbortSignal>()

/** Registers how to make the request's signal when someone needs it. */
export function setSignalFactory(request: Request, make: () => AbortSignal): void {
  factories.set(request, make)
}

/** The signal that aborts when the request's client goes away. */
export function signalOf(request: Request): AbortSignal {
  const make = factories.get(request)
  return make ? make() : request.signal
}
