/**
 * Deletes every cookie of the test document. A past date, not max-age=0: happy-dom keeps a
 * max-age=0 cookie listed (as "name=") within the same millisecond, which made tests flaky.
 */
export function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`
  }
}

/** The engine's own document.cookie accessor, wherever on the prototype chain it is defined. */
export function cookieAccessor(): PropertyDescriptor {
  for (let p: object | null = document; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, 'cookie')
    if (d) return d
  }
  throw new Error('no document.cookie accessor')
}
