/**
 * Records one dismissal (KEYS[1] the shopper's dismissals, sku → until in ms; ARGV: sku, until,
 * now, most fields), atomically bounded, because the cart script reads the whole hash on every
 * cart event: lapsed fields go, then the oldest beyond the most allowed, and the key expires with
 * its latest dismissal. A hash far beyond the bound (left by an older version) is dropped whole
 * rather than read. A new dismissal always ends after every kept one (1 ms later at least), so
 * that "oldest" is never a tie between dismissals made in the same millisecond.
 */
export const DISMISS_LUA = `
local key, sku, now, max = KEYS[1], ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4])
local untilMs = tonumber(ARGV[2])
if redis.call('HLEN', key) > 2 * max then redis.call('DEL', key) end
local flat = redis.call('HGETALL', key)
local kept = {}
for i = 1, #flat, 2 do
  local at = tonumber(flat[i + 1])
  if flat[i] ~= sku then
    if at == nil or at <= now then redis.call('HDEL', key, flat[i])
    else
      kept[#kept + 1] = { flat[i], at }
      if at >= untilMs then untilMs = at + 1 end
    end
  end
end
if #kept >= max then
  table.sort(kept, function(a, b) return a[2] < b[2] end)
  for i = 1, #kept - max + 1 do redis.call('HDEL', key, kept[i][1]) end
end
redis.call('HSET', key, sku, untilMs)
redis.call('PEXPIREAT', key, untilMs)
return untilMs`;
