/**
 * The atomic delivery decision (Redis Lua: nothing interleaves with it, so a consent PUT, a pause
 * or another campaign's send is either wholly before or wholly after it), for a batch of shoppers
 * of one campaign at once: a fan-out decides a chunk in a few calls instead of one per shopper
 * (the per-call cost was most of Redis's work in a fan-out). CAMPAIGN_DECIDE_BATCH bounds a call,
 * so Redis is never blocked long (cart events wait behind it).
 *
 * KEYS: 1 campaign hash `campaign:{id}`, 2 the campaign's audience set (cart triggers only), then
 * per shopper: its consent hash `consent:{pseudonym}` and its offer history `offers:{pseudonym}`
 * (sorted set: campaign id → delivery time, ms).
 * ARGV: 1 campaign id, 2 '1' to check audience membership, 3 purposes as `purpose=default,…`
 * (default '1' when the purpose's basis is legitimate interest), 4 history kept (ms), 5 consent
 * cache TTL (s), 6 '1' to cache a fallback consent state as the consent cache would (the cart
 * path: that shopper is active; a broadcast leaves millions of idle shoppers out of the cache),
 * then per shopper: pseudonym, fallback consent version ('' = no fallback, '-' = a fallback that
 * must not be cached, '-<v>' = one that must not be cached, at version v), fallback consent choices as `purpose=1|0,…` (PostgreSQL's state, read just
 * before; used only where Redis has no copy).
 *
 * Returns { codes, value, prior…, position… }: one character per shopper, D deliver, A already
 * delivered, U unknown consent (no copy in Redis and no fallback), C no consent, F frequency cap, B
 * budget, O outside the audience, H halted; `value` is the decision time (ms) of the D's, or the
 * status that halted them all; then the original times of the A's, in order (a retry keeps them);
 * then, for each D in order, the consent ledger position the decision read (the Redis copy's `v`,
 * or the fallback's version; '' when neither had one): the proof kept with the delivery.
 *
 * Order of checks: campaign running and not ended → already delivered (the once key) → audience
 * → consent (`targeted_offers`, plus `push_marketing` for push: whatever ARGV[3] names) →
 * frequency cap over every campaign → budget (charged here, never overspent) → record.
 *
 * A delivery that showed nothing (a push-only delivery whose push reached no device) has its
 * charge and cap slot given back by offer-refund.lua.ts, which negates its history entry.
 *
 * The history is the once key of cart-triggered offers (emitted before PostgreSQL's once key is
 * written), so it outlives `history` for campaigns still on: the key lives at least until this
 * campaign ends, and an entry past `history` is trimmed only once its campaign's hash (same key
 * prefix as KEYS[1]) says it ended or is gone. The cap still counts only the last `capMs`.
 */
export const OFFER_DECISION_LUA = `
local c = redis.call('HMGET', KEYS[1], 'status', 'ends', 'budget', 'cost', 'spent', 'capMax', 'capMs')
local n = (#ARGV - 6) / 3
if c[1] ~= 'running' then return { string.rep('H', n), c[1] or 'missing' } end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(c[2]) <= now then return { string.rep('H', n), 'ended' } end
local budget, cost, spent = tonumber(c[3]), tonumber(c[4]), tonumber(c[5])
local charged = 0
local capMax, capMs = tonumber(c[6]), tonumber(c[7])
local campaign, checkAudience, history, ttl, fill = ARGV[1], ARGV[2] == '1', tonumber(ARGV[4]), ARGV[5], ARGV[6] == '1'
local purposes, defaults = {}, {}
for purpose, default in string.gmatch(ARGV[3], '([%w_]+)=(%d)') do
  purposes[#purposes + 1] = purpose
  defaults[#defaults + 1] = default == '1'
end
local nowText = tostring(now)
local ends = tonumber(c[2])
-- The key prefix of this deployment (ioredis adds it to KEYS only), to read other campaigns' hashes.
local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #('campaign:{' .. campaign .. '}'))

-- Entries older than the history, except those of campaigns that have not ended (their once key).
local function trim(offersKey, entries)
  for j = 1, #entries, 2 do
    if tonumber(entries[j + 1]) <= now - history then
      local endsAt = tonumber(redis.call('HGET', prefix .. 'campaign:{' .. entries[j] .. '}', 'ends'))
      if not endsAt or endsAt <= now then redis.call('ZREM', offersKey, entries[j]) end
    end
  end
end

-- Whether every purpose is granted, and the ledger position of the state read: the Redis copy
-- when there is one, else the fallback.
local function consented(consentKey, version, fallback)
  local cached = redis.call('HMGET', consentKey, 'v', unpack(purposes))
  if cached[1] then
    for i = 1, #purposes do
      local v = cached[i + 1]
      if v == '0' or (not v and not defaults[i]) then return false end
    end
    return true, cached[1]
  end
  if version == '' then return nil end
  local choices = {}
  for purpose, granted in string.gmatch(fallback, '([%w_]+)=(%d)') do choices[purpose] = granted end
  local cacheable = string.sub(version, 1, 1) ~= '-'
  if not cacheable then version = string.sub(version, 2) end
  if fill and cacheable then
    redis.call('HSET', consentKey, 'v', version)
    for purpose, granted in pairs(choices) do redis.call('HSET', consentKey, purpose, granted) end
    redis.call('EXPIRE', consentKey, ttl)
  end
  for i = 1, #purposes do
    local v = choices[purposes[i]]
    if v == '0' or (not v and not defaults[i]) then return false end
  end
  return true, version
end

local codes, out, positions = {}, { '', nowText }, {}
for i = 1, n do
  local a = 6 + (i - 1) * 3
  local consentKey, offersKey, pseudonym = KEYS[1 + i * 2], KEYS[2 + i * 2], ARGV[a + 1]
  -- The whole history (a few entries): the once key, the cap's count and whether to trim, in one call.
  local entries = redis.call('ZRANGE', offersKey, 0, -1, 'WITHSCORES')
  local prior, recent, stale = nil, 0, false
  for j = 1, #entries, 2 do
    -- A negative time marks a delivery whose charge was given back (offer-refund.lua.ts): still
    -- the once key (answered with its time), never counted by the cap, stale for the trim.
    local at = tonumber(entries[j + 1])
    if entries[j] == campaign then prior = (string.gsub(entries[j + 1], '^%-', '')) end
    if at >= now - capMs then recent = recent + 1 end
    if at <= now - history then stale = true end
  end
  local code
  if prior then
    code = 'A'
    out[#out + 1] = prior
  elseif checkAudience and redis.call('SISMEMBER', KEYS[2], pseudonym) == 0 then
    code = 'O'
  else
    local ok, position = consented(consentKey, ARGV[a + 2], ARGV[a + 3])
    if ok == nil then code = 'U'
    elseif not ok then code = 'C'
    elseif capMax > 0 and recent >= capMax then code = 'F'
    elseif spent + charged + cost > budget then code = 'B'
    else
      code = 'D'
      positions[#positions + 1] = position
      charged = charged + cost
      redis.call('ZADD', offersKey, now, campaign)
      if stale then trim(offersKey, entries) end
      local keep = math.max(history, ends - now)
      if redis.call('PTTL', offersKey) < keep then redis.call('PEXPIRE', offersKey, keep) end
    end
  end
  codes[i] = code
end
if charged > 0 then redis.call('HINCRBY', KEYS[1], 'spent', charged) end
out[1] = table.concat(codes)
for i = 1, #positions do out[#out + 1] = positions[i] end
return out`;
