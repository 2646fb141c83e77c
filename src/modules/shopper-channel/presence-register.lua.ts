/** Records one socket of a shopper (KEYS[1] presence hash; ARGV: field, ttl ms), extending the hash's life, never shortening it. */
export const PRESENCE_REGISTER_LUA = `
redis.call('HSET', KEYS[1], ARGV[1], '1')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;
