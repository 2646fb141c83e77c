import { SetMetadata } from '@nestjs/common';
import type { StaffRole } from './domain/principal.js';

export const ACCESS_KEY = 'panier:access';

/** Who may call an endpoint. Every route declares one; the guard refuses routes that do not. */
export type Access =
  | { kind: 'public' }
  | { kind: 'shopper'; knownOnly?: boolean }
  | { kind: 'staff'; roles: StaffRole[] }
  | { kind: 'shopper-or-staff'; roles: StaffRole[] };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
/**
 * A shopper route. `knownOnly`: the route must not create the shopper on first sight (every other
 * shopper route does); its handler reads a `ShopperClaim` (`@CurrentShopperClaim()`).
 */
export const ShopperOnly = (options: { knownOnly?: boolean } = {}) =>
  SetMetadata(ACCESS_KEY, { kind: 'shopper', ...options } satisfies Access);
export const Roles = (...roles: StaffRole[]) => SetMetadata(ACCESS_KEY, { kind: 'staff', roles } satisfies Access);
/** A route for shoppers' apps and for staff of these roles alike (the catalog read); the handler tells them apart. */
export const ShopperOrStaff = (...roles: StaffRole[]) => SetMetadata(ACCESS_KEY, { kind: 'shopper-or-staff', roles } satisfies Access);
