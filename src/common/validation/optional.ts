import { ValidateIf } from 'class-validator';

/**
 * An optional field that may be absent but not `null`. class-validator's `@IsOptional()` lets
 * `null` through every other rule, which then reaches the database as a missing value: a 500
 * instead of a 400. Use `@IsOptional()` only where `null` is a meaningful value.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
