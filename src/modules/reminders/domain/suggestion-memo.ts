/**
 * Remembers one device's last ranking, so that a cart event that cannot change it does not rank
 * the whole profile again. The ranking reads the cart only through the cart's skus that are in
 * the profile (they leave the candidates and shape the cart affinity): adding a sku the shopper
 * never bought, or one more of a sku already in the cart, leaves it as it was. The dismissals and
 * the instant count too, and the product facts (names, active flags): a remembered ranking serves
 * only while the dismissals and the version of the product facts are the same, and for at most
 * `maxAgeMs` (item due-ness moves by the day). Given the cart's version and the one sku an event
 * changed, the cart's profile skus follow from the last event's with one lookup, not one per line.
 */
import { indexOfSku, type ScoringProfile } from './scoring-profile.js';

export interface MemoInputs {
  readonly profile: ScoringProfile;
  readonly cartSkus: readonly string[];
  /**
   * The cart's version (each change moves it by one) and, when this event changed the cart, the
   * sku it changed (never for an event that changed nothing: another device's change may lie
   * between the versions).
   */
  readonly cartVersion?: number;
  readonly changedSku?: string;
  readonly dismissed: ReadonlyMap<string, number>;
  readonly now: number;
  /** Moves whenever the product facts the ranking read (names, active flags) may have changed. */
  readonly itemsVersion: number;
}

export class SuggestionMemo<T> {
  private profile: ScoringProfile | undefined;
  /** Profile positions of the cart's skus, ascending. */
  private positions: readonly number[] = [];
  private cartVersion: number | undefined;
  private dismissed: ReadonlyMap<string, number> | undefined;
  private at = 0;
  private itemsVersion = 0;
  private value: T | undefined;

  constructor(private readonly maxAgeMs: number) {}

  /** The remembered value when `inputs` would rank the same, else `compute()`'s, remembered. */
  get(inputs: MemoInputs, compute: () => T): T {
    const positions = this.positionsOf(inputs);
    const same =
      this.value !== undefined &&
      this.profile === inputs.profile &&
      this.itemsVersion === inputs.itemsVersion &&
      inputs.now - this.at < this.maxAgeMs &&
      inputs.now >= this.at &&
      (positions === this.positions || sameNumbers(this.positions, positions)) &&
      sameDismissals(this.dismissed, inputs.dismissed);
    if (same) {
      this.cartVersion = inputs.cartVersion;
      return this.value as T;
    }
    const value = compute();
    this.cartVersion = inputs.cartVersion;
    this.positions = positions;
    this.profile = inputs.profile;
    this.dismissed = inputs.dismissed;
    this.at = inputs.now;
    this.itemsVersion = inputs.itemsVersion;
    this.value = value;
    return value;
  }

  /**
   * The profile positions of the cart's skus. The last ones still hold for the same version of the
   * cart, and for the next version when its changed sku is outside the profile or was in the cart
   * before as after (one more of it, one less); otherwise they are read from every sku.
   */
  private positionsOf({ profile, cartSkus, cartVersion, changedSku, now }: MemoInputs): readonly number[] {
    // Only while fresh: a cart that expired (an idle TTL is never shorter than the memo's age)
    // comes back at version 0, and its versions say nothing of the old one's.
    const fresh = now - this.at < this.maxAgeMs && now >= this.at;
    if (fresh && cartVersion !== undefined && this.cartVersion !== undefined && this.profile === profile) {
      if (cartVersion === this.cartVersion) return this.positions;
      if (cartVersion === this.cartVersion + 1 && changedSku !== undefined) {
        const at = indexOfSku(profile, changedSku);
        if (at < 0 || this.positions.includes(at) === cartSkus.includes(changedSku)) return this.positions;
      }
    }
    return profilePositions(profile, cartSkus);
  }
}

function profilePositions(profile: ScoringProfile, cartSkus: readonly string[]): number[] {
  const positions: number[] = [];
  for (const sku of cartSkus) {
    const i = indexOfSku(profile, sku);
    if (i >= 0) positions.push(i);
  }
  return positions.sort((a, b) => a - b);
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameDismissals(a: ReadonlyMap<string, number> | undefined, b: ReadonlyMap<string, number>): boolean {
  if (a === undefined || a.size !== b.size) return false;
  if (a === b) return true;
  for (const [sku, until] of b) if (a.get(sku) !== until) return false;
  return true;
}
