/** Remembers skus pushed for the current cart (one command rather than MULTI/SADD/EXPIRE/EXEC). */
export const MARK_REMINDED_LUA = `
redis.call('SADD', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;
