import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';

/**
 * Simultaneous sockets per client address and per shopper, counted by the instance that holds
 * them (SOCKET_MAX_PER_ADDRESS, SOCKET_MAX_PER_SHOPPER). What a socket costs (its session with a
 * packed profile, a file descriptor, buffers) is this instance's, and an in-memory count cannot
 * outlive its sockets: a count kept in Redis would keep the sockets of a crashed instance until
 * some expiry and refuse their owners meanwhile. What a shopper's sockets cost Redis is bounded
 * elsewhere (each socket's token bucket; the dismissals' cap). Behind a balancer spreading one
 * client over N instances, it may hold up to N times the figure.
 */
@Injectable()
export class SocketConnectionLimits {
  private readonly byAddress = new Map<string, number>();
  private readonly byShopper = new Map<string, number>();
  /** What each counted socket holds, and the one way to give it back. */
  private readonly held = new WeakMap<Socket, { releases: Array<() => void>; releaseOnce: () => void }>();
  private readonly maxPerAddress: number;
  private readonly maxPerShopper: number;

  constructor(config: AppConfig) {
    this.maxPerAddress = config.sockets.maxPerAddress;
    this.maxPerShopper = config.sockets.maxPerShopper;
  }

  /** Takes the socket's place for its address, or throws RATE_LIMITED; released when it goes. */
  holdAddress(socket: Socket, address: string): void {
    this.hold(socket, this.byAddress, address, this.maxPerAddress, 'Too many connections from this address');
  }

  /** Takes the socket's place for its shopper, or throws RATE_LIMITED; released when it goes. */
  holdShopper(socket: Socket, pseudonym: string): void {
    this.hold(socket, this.byShopper, pseudonym, this.maxPerShopper, 'Too many connections of this shopper');
  }

  /** Gives back what a socket refused in its handshake took (no disconnect will follow). */
  releaseAll(socket: Socket): void {
    this.held.get(socket)?.releaseOnce();
  }

  /** Sockets counted now, for tests and metrics. */
  counts(): { addresses: number; shoppers: number } {
    return { addresses: sum(this.byAddress), shoppers: sum(this.byShopper) };
  }

  private hold(socket: Socket, counts: Map<string, number>, key: string, max: number, message: string): void {
    const held = counts.get(key) ?? 0;
    if (held >= max) throw new AppError(ErrorCode.RateLimited, message);
    counts.set(key, held + 1);
    this.onRelease(socket, () => {
      const left = (counts.get(key) ?? 1) - 1;
      if (left > 0) counts.set(key, left);
      else counts.delete(key);
    });
  }

  /**
   * Runs `release` once when the socket goes: its disconnect, or the close of its connection (a
   * socket whose client left during the handshake never connects, so never disconnects).
   */
  private onRelease(socket: Socket, release: () => void): void {
    const held = this.held.get(socket);
    if (held) return void held.releases.push(release);
    const conn = socket.conn;
    const slots = {
      releases: [release],
      releaseOnce: (): void => {
        if (this.held.get(socket) !== slots) return;
        this.held.delete(socket);
        socket.off('disconnect', slots.releaseOnce);
        conn.off('close', slots.releaseOnce);
        for (const r of slots.releases) r();
      },
    };
    this.held.set(socket, slots);
    socket.once('disconnect', slots.releaseOnce);
    conn.once('close', slots.releaseOnce);
    // Closed already: no close event is coming.
    if (conn.readyState === 'closed') slots.releaseOnce();
  }
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
