// One place for "now", so that tests can move time (Vitest fake timers, Playwright's page.clock).
export const now = (): number => Date.now()

export const DAY_MS = 24 * 60 * 60 * 1000
