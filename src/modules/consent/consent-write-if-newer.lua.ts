/**
 * Writes a shopper's explicit choices unless the cache already holds a state at least as new.
 * Writers (a PUT) and fillers (a cache miss that read PostgreSQL) both go through it, so a slow
 * filler can never put back a state older than the one a PUT just wrote.
 */
export const CONSENT_WRITE_IF_NEWER_LUA = `
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;
