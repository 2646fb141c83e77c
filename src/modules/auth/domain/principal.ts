/** The five staff roles of the contract. */
export enum StaffRole {
  Admin = 'admin',
  Marketer = 'marketer',
  Supplier = 'supplier',
  Privacy = 'privacy',
  Ingest = 'ingest',
}

export const STAFF_ROLES = Object.values(StaffRole);

/** A shopper, known here only by pseudonym: the raw customer id never leaves the identity boundary. */
export interface ShopperPrincipal {
  kind: 'shopper';
  pseudonym: string;
  /** Token expiry, epoch ms: long-lived sockets are disconnected then. */
  expiresAt: number;
}

/**
 * A verified shopper token on a route that must not create the shopper (DELETE /v1/me): the
 * pseudonym when the customer id is known, and either way the id's keyed lookups (one per HMAC
 * key version, active first), which let a request about a customer already erased be found.
 */
export interface ShopperClaim {
  kind: 'shopper-claim';
  pseudonym: string | undefined;
  lookups: string[];
  expiresAt: number;
}

export interface StaffPrincipal {
  kind: 'staff';
  keyId: string;
  role: StaffRole;
  supplierId?: string;
}

export type Principal = ShopperPrincipal | ShopperClaim | StaffPrincipal;

/** `admin` may do what `marketer` and `ingest` do; `privacy` and `supplier` are nobody else's. */
const IMPLIED: Record<StaffRole, StaffRole[]> = {
  [StaffRole.Admin]: [StaffRole.Admin, StaffRole.Marketer, StaffRole.Ingest],
  [StaffRole.Marketer]: [StaffRole.Marketer],
  [StaffRole.Supplier]: [StaffRole.Supplier],
  [StaffRole.Privacy]: [StaffRole.Privacy],
  [StaffRole.Ingest]: [StaffRole.Ingest],
};

export function roleAllows(held: StaffRole, required: readonly StaffRole[]): boolean {
  return IMPLIED[held].some((r) => required.includes(r));
}

/** How a principal is named in ledgers and audit trails (never a raw customer id). */
export function actorOf(principal: Principal): string {
  return principal.kind === 'staff' ? `key:${principal.keyId}` : 'shopper';
}
