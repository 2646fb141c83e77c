import type { Socket } from 'socket.io';
import type { TokenBucket } from '../../common/rate-limit/token-bucket.js';
import type { ShopperSocketData } from '../auth/socket-auth.service.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import type { ScoringProfile } from '../reminders/domain/scoring-profile.js';
import type { SuggestionMemo } from '../reminders/domain/suggestion-memo.js';
import type { LiveCartKeys } from './cart.store.js';

/** What one connected device keeps in memory between cart events (socket.data). */
export interface CartSession extends ShopperSocketData {
  bucket: TokenBucket;
  /** The shopper's keys on the live path, named once at connect. */
  keys: LiveCartKeys;
  /**
   * The habit profile, packed for scoring; read once at connect and reloaded only when its stamp
   * in Redis moves (checkout, import).
   */
  profile?: { scoring: ScoringProfile; stamp: string };
  /** The list last pushed from this device's events, to push only when it changes. */
  lastPushed: Reminder[];
  /** The last ranking, reused while the cart event cannot have changed it. */
  suggestions: SuggestionMemo<Reminder[]>;
  /** Events handled on this socket, for per-event correlation ids. */
  events: number;
}

export function sessionOf(socket: Socket): CartSession {
  return socket.data as CartSession;
}

/**
 * How long a device's ranking may be reused while nothing it depends on changed: at most the
 * shortest cart idle TTL (CART_IDLE_TTL_SECONDS, 60 s at least), so that the memo never follows
 * versions across a cart that expired and came back.
 */
export const SUGGESTIONS_MAX_AGE_MS = 60_000;
