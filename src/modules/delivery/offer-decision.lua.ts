/**
 * The atomic delivery decision (Redis Lua: nothing interleaves with it, so a consent PUT, a pause
 * or another campaign's send is either wholly before or wholly after it), for a batch of shoppers
 * of one campaign at once (one script call per ~100 shoppers instead of one each: the per-call
 * cost was most of Redis's work in a fan-out; batches stay small so Redis is never blocked long).
 *
 * KEYS: 1 campaign hash `campaign:{id}`, 2 the campaign's audience set (cart triggers only), then
 * per shopper: its consent hash `consent:{pseudonym}` and its offer history `offers:{pseudonym}`
 * (sorted set: campaign id → delivery time, ms).
 * ARGV: 1 campaign id, 2 '1' to check audience membership, 3 purposes as `purpose=default,…`
 * (default '1' when the purpose's basis is legitimate interest), 4 history kept (ms), 5 consent
 * cache TTL (s), then per shopper: pseudonym, fallback consent version ('' = none), fallback
 * consent choices as `purpose=1|0,…`.
 * Returns, per shopper, an outcome and a value.
 *
 * Order of checks: campaign running and not ended → already delivered (the once key; returns the
 * original time, so a retry keeps it) → audience → consent (a missing hash is 'unknown' unless
 * the caller passed PostgreSQL's state, which is then cached as the consent cache writes it) →
 * frequency cap over every campaign → budget (charged here, never overspent) → record.
 */
export const OFFER_DECISION_LUA = `
local c = redis.call('HMGET', KEYS[1], 'status', 'ends', 'budget', 'cost', 'spent', 'capMax', 'capMs')
local n = (#ARGV - 5) / 3
local out = {}
if c[1] ~= 'running' then
  for i = 1, n do out[#out + 1] = 'halt'; out[#out + 1] = c[1] or 'missing' end
  return out
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(c[2]) <= now then
  for i = 1, n do out[#out + 1] = 'halt'; out[#out + 1] = 'ended' end
  return out
end
local budget, cost, spent = tonumber(c[3]), tonumber(c[4]), tonumber(c[5])
local charged = 0
local capMax, capMs = tonumber(c[6]), tonumber(c[7])
local history = tonumber(ARGV[4])
local function decide(consentKey, offersKey, pseudonym, version, fallback)
  local prior = redis.call('ZSCORE', offersKey, ARGV[1])
  if prior then return 'already', prior end
  if ARGV[2] == '1' and redis.call('SISMEMBER', KEYS[2], pseudonym) == 0 then return 'outside', '' end
  if redis.call('EXISTS', consentKey) == 0 then
    if version == '' then return 'unknown', '' end
    redis.call('HSET', consentKey, 'v', version)
    for purpose, granted in string.gmatch(fallback, '([%w_]+)=(%d)') do redis.call('HSET', consentKey, purpose, granted) end
    redis.call('EXPIRE', consentKey, ARGV[5])
  end
  for purpose, default in string.gmatch(ARGV[3], '([%w_]+)=(%d)') do
    local v = redis.call('HGET', consentKey, purpose)
    if v == '0' or (not v and default ~= '1') then return 'no_consent', '' end
  end
  if capMax > 0 and redis.call('ZCOUNT', offersKey, now - capMs, '+inf') >= capMax then return 'frequency_cap', '' end
  if spent + charged + cost > budget then return 'budget', '' end
  charged = charged + cost
  redis.call('ZADD', offersKey, now, ARGV[1])
  redis.call('ZREMRANGEBYSCORE', offersKey, '-inf', now - history)
  redis.call('PEXPIRE', offersKey, history)
  return 'deliver', tostring(now)
end
for i = 1, n do
  local a = 5 + (i - 1) * 3
  local outcome, value = decide(KEYS[2 + i * 2 - 1], KEYS[2 + i * 2], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3])
  out[#out + 1] = outcome
  out[#out + 1] = value
end
if charged > 0 then redis.call('HINCRBY', KEYS[1], 'spent', charged) end
return out`;
