import { compilePayloadChecks, describe as describePayload, EMPTY_PAYLOAD, PAYLOAD_SPECS, type CartEventName } from './cart-payloads.js';

/**
 * The payload checks must refuse what the class-validator DTOs they replaced refused, with the
 * same details: this table is what those DTOs answered (AppValidationPipe, same payloads).
 */
const CLASS_VALIDATOR_ANSWERS: Array<[CartEventName, unknown, Array<{ field: string; message: string }> | null]> = [
  [
    'cart:add',
    null,
    [
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  [
    'cart:add',
    {},
    [
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  ['cart:add', 'tea', [{ field: 'body', message: 'must be a JSON object' }]],
  ['cart:add', [1, 2], [{ field: 'body', message: 'must be a JSON object' }]],
  ['cart:add', 5, [{ field: 'body', message: 'must be a JSON object' }]],
  ['cart:add', { sku: 'tea' }, null],
  ['cart:add', { sku: 'tea', quantity: 0 }, [{ field: 'quantity', message: 'quantity must not be less than 1' }]],
  ['cart:add', { sku: 'tea', quantity: 2.5 }, [{ field: 'quantity', message: 'quantity must be an integer number' }]],
  [
    'cart:add',
    { sku: 'tea', quantity: '3' },
    [
      { field: 'quantity', message: 'quantity must not be greater than 10000' },
      { field: 'quantity', message: 'quantity must not be less than 1' },
      { field: 'quantity', message: 'quantity must be an integer number' },
    ],
  ],
  ['cart:add', { sku: 'tea', extra: true }, [{ field: 'extra', message: 'unknown field' }]],
  ['cart:add', { sku: ' padded ' }, [{ field: 'sku', message: 'sku must be 1-64 printable characters' }]],
  [
    'cart:add',
    { sku: 42 },
    [
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  ['cart:add', { sku: '' }, [{ field: 'sku', message: 'sku must be 1-64 printable characters' }]],
  [
    'cart:add',
    { sku: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
    [{ field: 'sku', message: 'sku must be 1-64 printable characters' }],
  ],
  ['cart:add', { sku: 'tea', quantity: 10000 }, null],
  ['cart:add', { sku: 'tea', quantity: 10001 }, [{ field: 'quantity', message: 'quantity must not be greater than 10000' }]],
  [
    'cart:add',
    { sku: 'tea', quantity: null },
    [
      { field: 'quantity', message: 'quantity must not be greater than 10000' },
      { field: 'quantity', message: 'quantity must not be less than 1' },
      { field: 'quantity', message: 'quantity must be an integer number' },
    ],
  ],
  ['cart:add', { sku: 'tea' }, null],
  [
    'cart:add',
    { sku: null },
    [
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  ['cart:add', { sku: 'a\u0001b' }, [{ field: 'sku', message: 'sku must be 1-64 printable characters' }]],
  ['cart:add', { sku: 'tea', quantity: -1 }, [{ field: 'quantity', message: 'quantity must not be less than 1' }]],
  ['cart:add', { sku: 'tea', quantity: 1e300 }, [{ field: 'quantity', message: 'quantity must not be greater than 10000' }]],
  [
    'cart:add',
    { sku: 'tea', quantity: null },
    [
      { field: 'quantity', message: 'quantity must not be greater than 10000' },
      { field: 'quantity', message: 'quantity must not be less than 1' },
      { field: 'quantity', message: 'quantity must be an integer number' },
    ],
  ],
  [
    'cart:add',
    { a: 1, b: 2 },
    [
      { field: 'a', message: 'unknown field' },
      { field: 'b', message: 'unknown field' },
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  [
    'cart:add',
    { sku: ['x'] },
    [
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  [
    'cart:add',
    { sku: 'tea', quantity: true },
    [
      { field: 'quantity', message: 'quantity must not be greater than 10000' },
      { field: 'quantity', message: 'quantity must not be less than 1' },
      { field: 'quantity', message: 'quantity must be an integer number' },
    ],
  ],
  ['cart:add', { sku: 'tea', __proto__x: 1 }, [{ field: '__proto__x', message: 'unknown field' }]],
  [
    'cart:remove',
    { sku: 42 },
    [
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  ['cart:remove', { sku: 'x', quantity: 0 }, [{ field: 'quantity', message: 'quantity must not be less than 1' }]],
  ['cart:remove', { sku: 'x' }, null],
  ['cart:clear', {}, null],
  ['cart:clear', { all: true }, [{ field: 'all', message: 'unknown field' }]],
  ['cart:clear', null, null],
  ['cart:clear', 'x', [{ field: 'body', message: 'must be a JSON object' }]],
  ['cart:clear', [], [{ field: 'body', message: 'must be a JSON object' }]],
  [
    'cart:clear',
    { a: 1, b: 2 },
    [
      { field: 'a', message: 'unknown field' },
      { field: 'b', message: 'unknown field' },
    ],
  ],
  [
    'cart:checkout',
    {},
    [
      { field: 'orderId', message: 'orderId must be printable ASCII without spaces' },
      { field: 'orderId', message: 'orderId must be shorter than or equal to 128 characters' },
      { field: 'orderId', message: 'orderId should not be empty' },
      { field: 'orderId', message: 'orderId must be a string' },
    ],
  ],
  [
    'cart:checkout',
    { orderId: '' },
    [
      { field: 'orderId', message: 'orderId must be printable ASCII without spaces' },
      { field: 'orderId', message: 'orderId should not be empty' },
    ],
  ],
  ['cart:checkout', { orderId: 'a b' }, [{ field: 'orderId', message: 'orderId must be printable ASCII without spaces' }]],
  [
    'cart:checkout',
    {
      orderId:
        'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    },
    [{ field: 'orderId', message: 'orderId must be shorter than or equal to 128 characters' }],
  ],
  [
    'cart:checkout',
    { orderId: 5 },
    [
      { field: 'orderId', message: 'orderId must be printable ASCII without spaces' },
      { field: 'orderId', message: 'orderId must be shorter than or equal to 128 characters' },
      { field: 'orderId', message: 'orderId must be a string' },
    ],
  ],
  ['cart:checkout', { orderId: 'ok-1' }, null],
  ['cart:checkout', { orderId: 'é' }, [{ field: 'orderId', message: 'orderId must be printable ASCII without spaces' }]],
  ['reminder:dismiss', { sku: '' }, [{ field: 'sku', message: 'sku must be 1-64 printable characters' }]],
  ['reminder:dismiss', { sku: 'x' }, null],
  [
    'reminder:dismiss',
    {},
    [
      { field: 'sku', message: 'sku must be 1-64 printable characters' },
      { field: 'sku', message: 'sku must be a string' },
    ],
  ],
  ['offer:seen', {}, [{ field: 'deliveryId', message: 'deliveryId must be a UUID' }]],
  ['offer:seen', { deliveryId: 'x' }, [{ field: 'deliveryId', message: 'deliveryId must be a UUID' }]],
  ['offer:seen', { deliveryId: '3f2a1b4c-1d2e-4f5a-8b6c-7d8e9f0a1b2c' }, null],
  ['offer:seen', { deliveryId: 5 }, [{ field: 'deliveryId', message: 'deliveryId must be a UUID' }]],
  ['offer:seen', { deliveryId: '3F2A1B4C-1D2E-4F5A-8B6C-7D8E9F0A1B2C' }, null],
  ['offer:seen', { deliveryId: '00000000-0000-0000-0000-000000000000' }, null],
  ['offer:seen', { deliveryId: '3f2a1b4c-1d2e-0f5a-8b6c-7d8e9f0a1b2c' }, [{ field: 'deliveryId', message: 'deliveryId must be a UUID' }]],
];

describe('cart event payload checks', () => {
  const checks = compilePayloadChecks();

  it.each(CLASS_VALIDATOR_ANSWERS)('%s %j', (event, payload, details) => {
    expect(checks[event](payload ?? EMPTY_PAYLOAD) ?? null).toEqual(details);
  });

  it('treats a missing payload as an empty one', () => {
    expect(checks['cart:review'](EMPTY_PAYLOAD)).toBeUndefined();
    expect(checks['cart:add'](EMPTY_PAYLOAD)?.map((d) => d.field)).toEqual(['sku', 'sku']);
  });

  it('refuses several payload arguments as a whole', () => {
    expect(checks['cart:clear']([{}, {}])).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('accepts exactly what the plain-TypeScript rules accept (compiled and cold paths agree)', () => {
    const values: unknown[] = [
      undefined,
      null,
      true,
      0,
      1,
      2.5,
      -1,
      99,
      10_000,
      10_001,
      1e300,
      '',
      ' ',
      'a',
      ' a',
      'a ',
      'a b',
      'tea',
      'é',
      '😀',
      '\u0001',
      'x'.repeat(64),
      'x'.repeat(65),
      'y'.repeat(128),
      'y'.repeat(129),
      [],
      {},
      ['x'],
      '3f2a1b4c-1d2e-4f5a-8b6c-7d8e9f0a1b2c',
      '3F2A1B4C-1D2E-4F5A-8B6C-7D8E9F0A1B2C',
      '3f2a1b4c-1d2e-0f5a-8b6c-7d8e9f0a1b2c',
      '00000000-0000-0000-0000-000000000000',
      'FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF',
      '😀'.repeat(32),
      '😀'.repeat(33),
    ];
    for (const [event, fields] of Object.entries(PAYLOAD_SPECS) as Array<[CartEventName, Record<string, never>]>) {
      const names = [...Object.keys(fields), 'extra'];
      for (const name of names) {
        for (const value of values) {
          const base = Object.fromEntries(
            Object.keys(fields).map((f) => [
              f,
              f === 'deliveryId' ? '3f2a1b4c-1d2e-4f5a-8b6c-7d8e9f0a1b2c' : f === 'quantity' ? 1 : 'ok-1',
            ]),
          );
          const payload = { ...base, [name]: value };
          if (value === undefined) delete payload[name];
          const compiled = checks[event](payload);
          const cold = describePayload(fields, payload);
          const coldAccepts = cold.length === 1 && cold[0].message === 'invalid payload';
          expect([event, name, value, compiled === undefined]).toEqual([event, name, value, coldAccepts]);
        }
      }
    }
  });
});
