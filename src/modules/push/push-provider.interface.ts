import type { Platform, PushProviderName } from '../devices/domain/device.js';
import type { ProviderReply } from './domain/push-outcome.js';
import type { PushMessage } from './domain/push-message.js';

/** A device as a provider sees it. The token is a secret: providers never log it nor put it in errors. */
export interface PushTarget {
  platform: Platform;
  provider: PushProviderName;
  token: string;
}

/**
 * The port every push provider implements: one request per device, answered with what the
 * provider said (never thrown: classification is domain logic, see push-outcome.ts).
 */
export interface PushProvider {
  readonly name: string;
  send(target: PushTarget, message: PushMessage): Promise<ProviderReply>;
  /** Closes kept-alive connections at shutdown. */
  close(): void;
}
