// STUB (owned by the hashing/tracks engineer): signatures only, to be replaced.
export type Platform = 'vtex' | 'meta' | 'google'
export type PiiField = 'email' | 'phone' | 'social_id' | 'first_name' | 'last_name' | 'external_id'

export function isSha256Hex(v: string): boolean {
  return /^[0-9a-f]{64}$/i.test(v)
}

export async function sha256Hex(input: string): Promise<string> {
  const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input))
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Normalises `value` for `platform`'s rules and hashes it; undefined when empty or unusable. */
export async function hashField(platform: Platform, field: PiiField, value: unknown, opts: { defaultCountry?: string } = {}): Promise<string | undefined> {
  void platform; void field; void opts
  if (typeof value !== 'string' || !value.trim()) return undefined
  if (isSha256Hex(value.trim())) return value.trim().toLowerCase()
  return sha256Hex(value.trim().normalize('NFC').toLowerCase())
}
