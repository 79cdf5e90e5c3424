import type { Socket } from 'socket.io';

interface EngineInternals {
  writeBuffer?: unknown[];
  transport?: { name?: string; socket?: { terminate?: () => void } };
  close(discard?: boolean): void;
}

/**
 * Packets waiting in engine.io's buffer for this client. They pile up there while the transport
 * is not writable: a websocket whose previous frames the peer has not read yet, or a polling
 * client that has not polled.
 */
export function queuedPackets(socket: Socket): number {
  return (socket.conn as unknown as EngineInternals).writeBuffer?.length ?? 0;
}

/**
 * Drops the client at once, without waiting for its queue to drain (it never might): the queued
 * packets are discarded and a websocket's TCP connection is destroyed, so its memory is freed now.
 */
export function dropClient(socket: Socket): void {
  const conn = socket.conn as unknown as EngineInternals;
  if (conn.transport?.name === 'websocket') conn.transport.socket?.terminate?.();
  conn.close(true);
}
