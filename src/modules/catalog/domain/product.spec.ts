import { StaffRole } from '../../auth/domain/principal.js';
import { catalogScopeOf, latestPerSku, likePattern, unknownSupplierIndexes } from './product.js';

describe('catalog domain', () => {
  it('writes each sku once, the last occurrence winning, with defaults', () => {
    const products = latestPerSku([
      { sku: 'a', name: 'A' },
      { sku: 'b', name: 'B', active: false },
      { sku: 'a', name: 'A2', category: 'dairy' },
    ]);
    expect(products).toEqual([
      { sku: 'b', name: 'B', category: null, brand: null, supplierId: null, active: false },
      { sku: 'a', name: 'A2', category: 'dairy', brand: null, supplierId: null, active: true },
    ]);
  });

  it('finds the items naming unknown suppliers, whatever the case of the uuid', () => {
    const known = new Set(['0b6c6a5e-0c8e-4a43-9b8e-1f2a3b4c5d6e']);
    const inputs = [
      { sku: 'a', name: 'A', supplierId: '0B6C6A5E-0C8E-4A43-9B8E-1F2A3B4C5D6E' },
      { sku: 'b', name: 'B', supplierId: '11111111-1111-4111-8111-111111111111' },
      { sku: 'c', name: 'C' },
    ];
    expect(unknownSupplierIndexes(inputs, known)).toEqual([1]);
  });
});

describe('likePattern', () => {
  it('matches anywhere, with %, _ and \\ taken literally', () => {
    expect(likePattern('milk')).toBe('%milk%');
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe('catalogScopeOf', () => {
  it('gives shoppers the active products, a supplier its own, other staff everything', () => {
    expect(catalogScopeOf({ kind: 'shopper', pseudonym: 'p', expiresAt: 0 })).toEqual({ activeOnly: true });
    const staff = (role: StaffRole, supplierId?: string) => ({ kind: 'staff' as const, keyId: 'k', role, supplierId });
    expect(catalogScopeOf(staff(StaffRole.Supplier, 's1'))).toEqual({ activeOnly: false, supplierId: 's1' });
    expect(catalogScopeOf(staff(StaffRole.Supplier)).supplierId).toBe('00000000-0000-0000-0000-000000000000');
    for (const role of [StaffRole.Admin, StaffRole.Marketer, StaffRole.Ingest, StaffRole.Privacy]) {
      expect(catalogScopeOf(staff(role))).toEqual({ activeOnly: false });
    }
  });
});
