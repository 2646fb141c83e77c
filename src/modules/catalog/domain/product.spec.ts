import { latestPerSku, unknownSupplierIndexes } from './product.js';

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
