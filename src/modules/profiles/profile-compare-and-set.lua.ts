/**
 * Compare-and-set on the profile's stamp: writers that read an older profile retry instead of
 * overwriting a newer one (two purchases of one shopper landing at once, a rebuild racing an
 * incremental update).
 */
export const PROFILE_COMPARE_AND_SET_LUA = `
local current = redis.call('GET', KEYS[2]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 1`;
