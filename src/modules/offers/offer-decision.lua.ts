/**
 * The shopper's side of a delivery decision (step 2 of 3, see offer-tickets.lua.ts), atomic in
 * the shopper's slot (`{pseudonym}`): a consent PUT or another campaign's decision for the same
 * shopper is either wholly before or wholly after it. Several shoppers at once when Redis is one
 * server (a fan-out decides a chunk in a few calls: the per-call cost was most of Redis's work);
 * one shopper per call on a Cluster, where their keys live in different slots.
 *
 * KEYS: per shopper: its consent hash `consent:{pseudonym}`, its offer history `offers:{pseudonym}`
 * (sorted set: campaign id → decision time, ms) and the end of each campaign in it
 * `offer-ends:{pseudonym}` (hash: campaign id → end, ms).
 * ARGV: 1 campaign id, 2 purposes as `purpose=default,…` (default '1' when the purpose's basis is
 * legitimate interest), 3 history kept (ms), 4 consent cache TTL (s), 5 '1' to cache a fallback
 * consent state as the consent cache would (the cart path: that shopper is active; a broadcast
 * leaves millions of idle shoppers out of the cache), 6 the campaign's cap max, 7 its cap window
 * (ms), 8 its end (ms), 9 now (ms, the tickets' call stamp), then per shopper: its ticket (T, N
 * none: the budget is spent, O outside the audience), the ticket's stamp, fallback consent version
 * ('' = no fallback, '-' = a fallback that must not be cached, '-<v>' = one that must not be
 * cached, at version v), fallback consent choices as `purpose=1|0,…` (PostgreSQL's state, read
 * just before; used only where Redis has no copy).
 *
 * Returns three strings per shopper: its code (D deliver, A already delivered, U unknown consent
 * (no copy in Redis and no fallback), C no consent, F frequency cap, B budget, O outside the
 * audience), the time (the ticket's stamp for a D, the original time for an A: a retry keeps it)
 * and, for a D, the consent ledger position the decision read (the Redis copy's `v`, or the
 * fallback's version; '' when neither had one): the proof kept with the delivery.
 *
 * Order of checks: already delivered (the once key) → audience → consent (`targeted_offers`, plus
 * `push_marketing` for push: whatever ARGV[2] names) → frequency cap over every campaign → budget
 * (the ticket) → record.
 *
 * A delivery that showed nothing (a push-only delivery whose push reached no device) has its
 * charge and cap slot given back by budget-refund.lua.ts, which negates its history entry.
 *
 * The history is the once key of cart-triggered offers (emitted before PostgreSQL's once key is
 * written), so it outlives `history` for campaigns still on: the key lives at least until this
 * campaign ends, and an entry past `history` is trimmed only once `offer-ends` says its campaign
 * ended (an entry without an end, recorded before ends were kept here, stays until the key
 * expires). The cap still counts only the last `capMs`.
 */
export const OFFER_DECISION_LUA = `
local campaign, history, ttl, fill = ARGV[1], tonumber(ARGV[3]), ARGV[4], ARGV[5] == '1'
local capMax, capMs, ends, now = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local purposes, defaults = {}, {}
for purpose, default in string.gmatch(ARGV[2], '([%w_]+)=(%d)') do
  purposes[#purposes + 1] = purpose
  defaults[#defaults + 1] = default == '1'
end

-- Entries older than the history whose campaign has ended (the others are once keys).
local function trim(offersKey, endsKey, entries)
  for j = 1, #entries, 2 do
    if tonumber(entries[j + 1]) <= now - history then
      local endsAt = tonumber(redis.call('HGET', endsKey, entries[j]))
      if endsAt and endsAt <= now then
        redis.call('ZREM', offersKey, entries[j])
        redis.call('HDEL', endsKey, entries[j])
      end
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

local out = {}
for i = 1, #KEYS / 3 do
  local consentKey, offersKey, endsKey = KEYS[i * 3 - 2], KEYS[i * 3 - 1], KEYS[i * 3]
  local a = 9 + (i - 1) * 4
  local ticket, stamp = ARGV[a + 1], ARGV[a + 2]
  -- The whole history (a few entries): the once key, the cap's count and whether to trim, in one call.
  local entries = redis.call('ZRANGE', offersKey, 0, -1, 'WITHSCORES')
  local prior, recent, stale = nil, 0, false
  for j = 1, #entries, 2 do
    -- A negative time marks a delivery whose charge was given back (budget-refund.lua.ts): still
    -- the once key (answered with its time), never counted by the cap, stale for the trim.
    local at = tonumber(entries[j + 1])
    if entries[j] == campaign then prior = (string.gsub(entries[j + 1], '^%-', '')) end
    if at >= now - capMs then recent = recent + 1 end
    if at <= now - history then stale = true end
  end
  local code, time, position = nil, '', ''
  if prior then
    code, time = 'A', prior
  elseif ticket == 'O' then
    code = 'O'
  else
    local ok, read = consented(consentKey, ARGV[a + 3], ARGV[a + 4])
    if ok == nil then code = 'U'
    elseif not ok then code = 'C'
    elseif capMax > 0 and recent >= capMax then code = 'F'
    elseif ticket ~= 'T' then code = 'B'
    else
      code, time, position = 'D', stamp, read or ''
      redis.call('ZADD', offersKey, stamp, campaign)
      redis.call('HSET', endsKey, campaign, ends)
      if stale then trim(offersKey, endsKey, entries) end
      local keep = math.max(history, ends - now)
      if redis.call('PTTL', offersKey) < keep then redis.call('PEXPIRE', offersKey, keep) end
      if redis.call('PTTL', endsKey) < keep then redis.call('PEXPIRE', endsKey, keep) end
    end
  end
  out[#out + 1] = code
  out[#out + 1] = time
  out[#out + 1] = position
end
return out`;
