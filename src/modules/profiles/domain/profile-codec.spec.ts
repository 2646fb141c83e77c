import { buildProfile, DAY_MS, emptyProfile, type HabitProfile, type ProfileOrder } from './habit-profile.js';
import { decodeProfile, encodeProfile, ProfileDecodeError } from './profile-codec.js';

const T0 = Date.UTC(2024, 0, 1);
const order = (day: number, ...skus: string[]): ProfileOrder => ({ purchasedAt: T0 + day * DAY_MS, skus });

/** A Ta-Feng-sized shopper: 6 weekly baskets over 30 numeric skus. */
function typicalShopper(): HabitProfile {
  const orders = Array.from({ length: 6 }, (_, week) =>
    order(week * 7, ...Array.from({ length: 7 }, (_, i) => String(1000 + ((week * 5 + i * 3) % 30)))),
  );
  return buildProfile(orders);
}

function expectRoundTrip(profile: HabitProfile): HabitProfile {
  const decoded = decodeProfile(encodeProfile(profile));
  const { items, orderWeight, ...rest } = profile;
  const { items: decodedItems, orderWeight: decodedWeight, ...decodedRest } = decoded;
  expect(decodedRest).toEqual(rest);
  expect(decodedWeight).toBeCloseTo(orderWeight, 6);
  expect([...decodedItems.keys()]).toEqual([...items.keys()]);
  for (const [sku, habit] of items) {
    const got = decodedItems.get(sku)!;
    expect({ ...got, recencyWeight: 0 }).toEqual({ ...habit, recencyWeight: 0 });
    expect(Math.abs(got.recencyWeight - habit.recencyWeight) / habit.recencyWeight).toBeLessThan(1e-7);
  }
  return decoded;
}

describe('profile codec', () => {
  it('round-trips an empty profile with its settings', () => {
    const profile = emptyProfile({ halfLifeDays: 21, tripWindow: 8, maxItems: 50 });
    expect(expectRoundTrip(profile).config).toEqual({ halfLifeDays: 21, tripWindow: 8, maxItems: 50 });
  });

  it('round-trips numeric, non-canonical and unicode skus, dates and trip days', () => {
    const profile = buildProfile([
      order(0, '4006381333931', '007', 'thé-vert', '0'),
      order(3, '4006381333931', 'sku:ABC'),
      order(400, '4006381333931', '007'),
    ]);
    const decoded = expectRoundTrip(profile);
    expect(decoded.items.get('007')?.sku).toBe('007');
    expect(decoded.items.get('4006381333931')?.timesBought).toBe(3);
  });

  it('round-trips a profile whose trip window dropped old days', () => {
    const orders = Array.from({ length: 40 }, (_, week) => order(week * 7, 'milk', week % 2 ? 'tea' : 'coffee'));
    const profile = buildProfile(orders, { tripWindow: 52 });
    expect(profile.tripDays).toHaveLength(40);
    expectRoundTrip(profile);
    expectRoundTrip(buildProfile(orders, { tripWindow: 24 }));
  });

  it('keeps a typical shopper to a few bytes per item', () => {
    const profile = typicalShopper();
    const bytes = encodeProfile(profile).length;
    expect(profile.items.size).toBe(30);
    // Header ~14 bytes; per item: sku 2–3, counts and day gaps 3, weight 4 (repeat items only), mask 1.
    expect(bytes).toBeLessThan(14 + 30 * 12);
    expectRoundTrip(profile);
  });

  it('rejects bytes that are not a v1 profile', () => {
    const bytes = encodeProfile(typicalShopper());
    expect(() => decodeProfile(Uint8Array.from([2, ...bytes.subarray(1)]))).toThrow(ProfileDecodeError);
    expect(() => decodeProfile(bytes.subarray(0, bytes.length - 3))).toThrow(ProfileDecodeError);
    expect(() => decodeProfile(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(ProfileDecodeError);
  });
});
