import type { Socket } from 'socket.io';
import type { TokenBucket } from '../../common/rate-limit/token-bucket.js';
import type { ShopperSocketData } from '../auth/socket-auth.service.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import type { ScoringProfile } from '../reminders/domain/scoring-profile.js';

/** What one connected device keeps in memory between cart events (socket.data). */
export interface CartSession extends ShopperSocketData {
  bucket: TokenBucket;
  /**
   * The habit profile, packed for scoring; read once at connect and reloaded only when its stamp
   * in Redis moves (checkout, import).
   */
  profile?: { scoring: ScoringProfile; stamp: string };
  /** The list last pushed from this device's events, to push only when it changes. */
  lastPushed: Reminder[];
  /** Events handled on this socket, for per-event correlation ids. */
  events: number;
}

export function sessionOf(socket: Socket): CartSession {
  return socket.data as CartSession;
}
