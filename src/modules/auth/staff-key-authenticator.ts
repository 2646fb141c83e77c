import type { StaffPrincipal } from './domain/principal.js';

/**
 * What authentication needs of staff API keys: the principal of a presented key. Auth owns the
 * contract and the api-keys module provides it, so the dependency runs from api-keys to auth.
 */
export abstract class StaffKeyAuthenticator {
  /** The staff principal of a presented key, or undefined. Looked up on every request. */
  abstract authenticate(key: string): Promise<StaffPrincipal | undefined>;
}
