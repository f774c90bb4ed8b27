/** Small DOM helpers the console's views share. */

/** The element with `id` (the page's markup has every id the views use). */
export const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

/**
 * Fills a `<select>` with `[value, label]` options, keeping the chosen value where it still exists.
 * A world snapshot arrives with every clock move, so an unchanged list is left alone (a rebuilt
 * select would close under the user's pointer); returns whether the options changed.
 */
export function fillSelect(select: HTMLSelectElement, options: string[][]): boolean {
  const signature = options.map(([v]) => v).join('\n')
  if (select.dataset.signature === signature) return false
  const before = select.value
  select.dataset.signature = signature
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value)))
  if (options.some(([v]) => v === before)) select.value = before
  return true
}
