import { patchSpec, toSpec } from './campaign-spec.mapper.js';
import type { CreateCampaignDto } from './dto/campaign.dto.js';

const body = {
  name: 'Coffee',
  supplierId: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
  offer: { title: 't', body: 'b', skus: ['x'], discount: { type: 'percent', value: 10 }, validDays: 3 },
  audience: { include: [{ skus: ['x'] }] },
  trigger: 'broadcast',
  channels: ['in_app'],
  startsAt: '2026-12-01T00:00:00.000Z',
  endsAt: '2026-12-31T00:00:00.000Z',
  budget: { totalCents: 1000, costPerDeliveryCents: 10 },
  quietHours: { start: '21:00', end: '08:00', timezone: 'Europe/Paris' },
} as unknown as CreateCampaignDto;

describe('campaign spec mapping', () => {
  it('parses dates, lower-cases the supplier id and applies defaults', () => {
    const spec = toSpec(body);
    expect(spec).toMatchObject({
      supplierId: '6f9619ff-8b86-d011-b42d-00c04fc964ff',
      holdoutPercent: 0,
      audience: { include: [{ skus: ['x'] }], exclude: [] },
    });
    expect(spec.startsAt).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(spec).not.toHaveProperty('frequencyCap');
  });

  it('patches top-level fields and removes optional ones given as null', () => {
    const patched = patchSpec(toSpec(body), { name: 'Tea', quietHours: null } as never);
    expect(patched).toMatchObject({ name: 'Tea', startsAt: '2026-12-01T00:00:00.000Z', offer: body.offer });
    expect(patched).not.toHaveProperty('quietHours');
  });
});
