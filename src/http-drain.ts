import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer, type Socket } from 'node:net'

/**
 * How long a keep-alive connection may sit idle once draining has begun before it is closed, in milliseconds. A
 * client between two requests gets this long to send its next one, which is then answered with `Connection: close`;
 * closing at once races that request and resets it.
 */
const IDLE_GRACE_MS = 1_000

export interface ConnectionDrain {
  /** Stops accepting, tells every keep-alive client to go, and resolves once every connection has closed. */
  drain(): Promise<void>
}

/**
 * Graceful shutdown under keep-alive load. `http.Server#close` alone stops accepting but lets busy keep-alive
 * connections carry new requests indefinitely (and closes idle ones at once, resetting requests already on the wire).
 * Once draining: every response not yet started carries `Connection: close` (Node then closes the socket after it),
 * and a connection idle for `IDLE_GRACE_MS` is closed.
 */
export function trackConnections(server: Server): ConnectionDrain {
  const inFlight = new Map<Socket, number>()
  const open = new Set<ServerResponse>()
  let draining = false

  const closeWhenIdle = (socket: Socket): void => {
    setTimeout(() => {
      if ((inFlight.get(socket) ?? 0) === 0) socket.destroy()
    }, IDLE_GRACE_MS).unref()
  }

  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0)
    socket.once('close', () => inFlight.delete(socket))
  })
  // Before the app's own listener, so the header is there before anything is written.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1)
    open.add(res)
    if (draining) res.setHeader('Connection', 'close')
    res.once('close', () => {
      open.delete(res)
      const left = Math.max(0, (inFlight.get(socket) ?? 1) - 1)
      inFlight.set(socket, left)
      if (draining && left === 0) closeWhenIdle(socket)
    })
  })

  return {
    drain: () => {
      draining = true
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close')
      for (const [socket, count] of inFlight) if (count === 0) closeWhenIdle(socket)
      // net.Server#close: stop accepting and call back once every connection is gone, without http.Server#close's
      // immediate closing of idle keep-alive sockets.
      return new Promise<void>((resolve) => {
        NetServer.prototype.close.call(server, () => {
          resolve()
        })
      })
    },
  }
}
