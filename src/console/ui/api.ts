/** How the console talks to paasim: documented control routes and the public APIs, same origin. */
import { DEFAULT_TOKEN } from '../../http/tokens.js'

const TOKEN_KEY = 'paasim.console.token'

/** The API token for public routes: `?token=` in the page's URL, else the one last typed, else the default. */
export function initialToken(): string {
  return new URL(location.href).searchParams.get('token') || localStorage.getItem(TOKEN_KEY) || DEFAULT_TOKEN
}

let token = initialToken()

/** Uses another token from now on (remembered in this browser). */
export function setToken(value: string): void {
  token = value.trim() || DEFAULT_TOKEN
  localStorage.setItem(TOKEN_KEY, token)
}

/** Calls a control route; every state change is sent as JSON (`content-type: application/json`). Throws with the route's `{ error }`. */
export async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/__paasim${path}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : undefined
  if (!response.ok) throw new Error(data?.error ?? `${method} /__paasim${path}: ${response.status}`)
  return data as T
}

/** Calls a public API route as a client would (bearer token), throwing on a non-2xx answer. */
export async function publicApi(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${token}`)
  const response = await fetch(path, { ...init, headers })
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${(await response.text()).slice(0, 200)}`)
  return response
}

/** Escapes text for HTML. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Shows a message in the status bar (errors stay until the next message). */
export function status(message: string, error = false): void {
  const el = document.getElementById('status')!
  el.textContent = message
  el.classList.toggle('error', error)
}
