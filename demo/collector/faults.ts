// Faults the collector can show on the conversion endpoint, for the reliability tests (issue 10):
// a real server that refuses connections, resets them, or answers 500 / 503, then recovers, so the
// tests need no request interception in the browser.
import type { IncomingMessage, Server } from 'node:http'

/**
 * refuse: nothing listens on the port (connections are refused, every route alike);
 * reset: a conversion POST is read, then its connection reset (TCP RST), never answered;
 * 500 / 503: a conversion POST is answered with that status (CORS headers included, so the page
 * can read it). null: all well again.
 */
export type Fault = 'refuse' | 'reset' | 500 | 503

export interface Faults {
  /** The fault a conversion POST meets now (refuse is not one: no request arrives). */
  current(): 'reset' | 500 | 503 | null
  set(fault: Fault | null): Promise<void>
  /** Whether the server is listening (false while refusing). */
  listening(): boolean
}

export function createFaults(server: Server, port: () => number, host: string): Faults {
  let fault: Fault | null = null
  const stop = () =>
    new Promise<void>((ok) => {
      server.close(() => ok())
      server.closeAllConnections()
    })
  const start = () =>
    new Promise<void>((ok, fail) => {
      server.once('error', fail)
      server.listen(port(), host, () => {
        server.off('error', fail)
        ok()
      })
    })
  return {
    current: () => (fault === 'refuse' ? null : fault),
    async set(next) {
      if (next === 'refuse' && fault !== 'refuse') await stop()
      if (next !== 'refuse' && fault === 'refuse') await start()
      fault = next
    },
    listening: () => fault !== 'refuse',
  }
}

/** Resets the connection a request came on (an RST, as a crashed or overloaded server's would be). */
export const resetConnection = (req: IncomingMessage): void => void req.socket.resetAndDestroy()
