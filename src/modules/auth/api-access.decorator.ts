import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { roleAllows, STAFF_ROLES, type StaffRole } from './domain/principal.js';

/**
 * The OpenAPI side of the access decorators (access.decorator.ts): the security requirement, the
 * guard's error answers, and `x-panier-access`, from which the document's builder writes each
 * operation's access statement. Put each next to its runtime twin: `@Roles(r)` with
 * `@ApiStaff(r)`, `@ShopperOnly()` with `@ApiShopper()`, `@Public()` with `@ApiPublic()`; the
 * OpenAPI e2e test checks that they agree.
 */
export const ACCESS_EXTENSION = 'x-panier-access';

export type DocumentedAccess =
  | { kind: 'public' }
  | { kind: 'shopper'; knownOnly: boolean }
  | { kind: 'staff'; roles: StaffRole[] }
  | { kind: 'shopper-or-staff'; roles: StaffRole[] };

/** Staff routes: an `X-Api-Key` of one of these roles, or of a role that implies one (admin). */
export function ApiStaff(...roles: StaffRole[]): MethodDecorator & ClassDecorator {
  const allowed = STAFF_ROLES.filter((held) => roleAllows(held, roles));
  return applyDecorators(
    ApiSecurity('apiKey'),
    ApiExtension(ACCESS_EXTENSION, { kind: 'staff', roles: allowed } satisfies DocumentedAccess),
    ApiErrors(401, 403, 429),
  );
}

/** Shopper routes: the shopper's bearer JWT. */
export function ApiShopper(options: { knownOnly?: boolean } = {}): MethodDecorator & ClassDecorator {
  const access: DocumentedAccess = { kind: 'shopper', knownOnly: options.knownOnly ?? false };
  return applyDecorators(ApiBearerAuth(), ApiExtension(ACCESS_EXTENSION, access), ApiErrors(401, 403, 429));
}

/** Routes for a shopper's bearer JWT or an `X-Api-Key` of these roles (or of a role implying one). */
export function ApiShopperOrStaff(...roles: StaffRole[]): MethodDecorator & ClassDecorator {
  const allowed = STAFF_ROLES.filter((held) => roleAllows(held, roles));
  return applyDecorators(
    ApiBearerAuth(),
    ApiSecurity('apiKey'),
    ApiExtension(ACCESS_EXTENSION, { kind: 'shopper-or-staff', roles: allowed } satisfies DocumentedAccess),
    ApiErrors(401, 403, 429),
  );
}

/** Routes open to anyone (health). */
export function ApiPublic(): MethodDecorator & ClassDecorator {
  return ApiExtension(ACCESS_EXTENSION, { kind: 'public' } satisfies DocumentedAccess);
}

type Operation = { description?: string; [ACCESS_EXTENSION]?: DocumentedAccess };

/** The access statement of an operation, as its description's first line. */
export function accessStatement(access: DocumentedAccess): string {
  switch (access.kind) {
    case 'public':
      return '**Access:** public, no credentials.';
    case 'shopper':
      return `**Access:** shopper, \`Authorization: Bearer <JWT>\`${access.knownOnly ? ' (does not create the shopper on first sight)' : ''}.`;
    case 'staff':
      return `**Access:** staff, \`X-Api-Key\` of role ${access.roles.map((r) => `\`${r}\``).join(' or ')}.`;
    case 'shopper-or-staff':
      return `**Access:** shopper, \`Authorization: Bearer <JWT>\`, or staff, \`X-Api-Key\` of role ${access.roles.map((r) => `\`${r}\``).join(' or ')}.`;
  }
}

/** Writes each operation's access statement (from `x-panier-access`) at the head of its description. */
export function addAccessStatements<D extends { paths: Record<string, object> }>(document: D): D {
  for (const item of Object.values(document.paths) as Array<Record<string, Operation>>) {
    for (const operation of Object.values(item)) {
      const access = operation[ACCESS_EXTENSION];
      if (access) operation.description = [accessStatement(access), operation.description].filter(Boolean).join('\n\n');
    }
  }
  return document;
}
