import { type Api } from '../api/client';

export type ConsoleRole = 'marketer' | 'supplier' | 'privacy';

/**
 * What a key may see, found by asking: the API has no "who am I" for keys, and each role's first
 * screen is a read it is allowed (an admin key works as a marketer's). A supplier key is allowed
 * the product report, which answers 400 without skus rather than 403.
 */
export async function probeRole(api: Api): Promise<ConsoleRole | 'invalid' | 'no-console'> {
  const campaigns = await api.GET('/v1/campaigns', { params: { query: { limit: 1 } } });
  if (campaigns.response.ok) return 'marketer';
  if (campaigns.response.status === 401) return 'invalid';
  const audit = await api.GET('/v1/privacy/audit', { params: { query: { limit: 1 } } });
  if (audit.response.ok) return 'privacy';
  const report = await api.GET('/v1/insights/products', { params: { query: { skus: '', groupBy: 'weekday' } } });
  return report.response.status === 400 ? 'supplier' : 'no-console';
}
