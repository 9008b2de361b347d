/**
 * A random v4 UUID. crypto.randomUUID exists only in secure contexts (and Chrome ≥ 92), so fall
 * back to getRandomValues, which works everywhere; Math.random only if there is no crypto at all.
 */
export function uuid(): string {
  try {
    if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  } catch {
    /* insecure context in some engines throws instead of being absent */
  }
  const b = new Uint8Array(16)
  try {
    crypto.getRandomValues(b)
  } catch {
    for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256)
  }
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
