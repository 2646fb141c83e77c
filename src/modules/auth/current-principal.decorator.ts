import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, ShopperClaim, ShopperPrincipal, StaffPrincipal } from './domain/principal.js';

export interface AuthenticatedRequest {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

/** The calling shopper; only on `@ShopperOnly()` routes, where the guard guarantees it. */
export const CurrentShopper = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ShopperPrincipal =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal as ShopperPrincipal,
);

/** The calling shopper, possibly unknown here; only on `@ShopperOnly({ knownOnly: true })` routes. */
export const CurrentShopperClaim = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ShopperClaim => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal as ShopperClaim,
);

/** The calling staff key; only on `@Roles()` routes. */
export const CurrentStaff = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffPrincipal => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal as StaffPrincipal,
);
