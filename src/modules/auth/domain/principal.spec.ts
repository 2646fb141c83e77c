import { StaffRole, actorOf, roleAllows } from './principal.js';

describe('roleAllows', () => {
  it('lets admin do what marketer and ingest do', () => {
    expect(roleAllows(StaffRole.Admin, [StaffRole.Marketer])).toBe(true);
    expect(roleAllows(StaffRole.Admin, [StaffRole.Ingest])).toBe(true);
  });

  it('keeps privacy and supplier endpoints to their own role', () => {
    expect(roleAllows(StaffRole.Admin, [StaffRole.Privacy])).toBe(false);
    expect(roleAllows(StaffRole.Admin, [StaffRole.Supplier])).toBe(false);
    expect(roleAllows(StaffRole.Marketer, [StaffRole.Admin])).toBe(false);
    expect(roleAllows(StaffRole.Privacy, [StaffRole.Privacy])).toBe(true);
  });

  it('names actors without customer ids', () => {
    expect(actorOf({ kind: 'staff', keyId: 'k1', role: StaffRole.Admin })).toBe('key:k1');
    expect(actorOf({ kind: 'shopper', pseudonym: 'p', expiresAt: 0 })).toBe('shopper');
  });
});
