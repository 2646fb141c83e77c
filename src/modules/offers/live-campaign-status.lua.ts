/**
 * Sets a published campaign's status (never creates a partial hash) and takes a campaign that is
 * no longer live out of the cart-trigger index, in one step.
 * KEYS: campaign hash, cart index. ARGV: status, '1' when live, campaign id.
 */
export const LIVE_CAMPAIGN_STATUS_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'status', ARGV[1]) end
if ARGV[2] ~= '1' then redis.call('SREM', KEYS[2], ARGV[3]) end
return 1`;
