import { SetMetadata } from '@nestjs/common';
import type { StaffRole } from './domain/principal.js';

export const ACCESS_KEY = 'panier:access';

/** Who may call an endpoint. Every route declares one; the guard refuses routes that do not. */
export type Access = { kind: 'public' } | { kind: 'shopper' } | { kind: 'staff'; roles: StaffRole[] };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
export const ShopperOnly = () => SetMetadata(ACCESS_KEY, { kind: 'shopper' } satisfies Access);
export const Roles = (...roles: StaffRole[]) => SetMetadata(ACCESS_KEY, { kind: 'staff', roles } satisfies Access);
