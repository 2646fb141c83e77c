/**
 * Sets a published campaign's status, never creating a partial hash.
 * KEYS: campaign hash. ARGV: status.
 */
export const LIVE_CAMPAIGN_STATUS_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'status', ARGV[1]) end
return 1`;
