/**
 * The campaign's side of a delivery decision, in the campaign's slot (`{campaign id}`): on a
 * Redis Cluster a script may only touch one slot, and a decision reads the campaign (status,
 * end, budget) and the shopper (consent, offer history), which hash to different slots. So a
 * decision is three scripts, each atomic in its slot (see offer-decider.service.ts):
 *
 *   1. here, campaign slot: the campaign running and not ended, audience membership (cart
 *      triggers), and a budget **ticket** per shopper: the cost is charged to `spent` now, before
 *      anything is decided for the shopper, so tickets never exceed the budget;
 *   2. offer-decision.lua.ts, shopper slot: already delivered, consent, frequency cap over every
 *      campaign, and the delivery recorded in the shopper's history (only with a ticket);
 *   3. offer-settle.lua.ts, campaign slot: each ticket is kept when its shopper got the delivery,
 *      and given back otherwise.
 *
 * A ticket is a field of `campaign:{id}:tickets` named by the delivery id (never a pseudonym),
 * whose value is the stamp of the call that issued it: the decision time of its delivery. A
 * retried decision (a worker killed between the steps) finds its ticket still held and reuses it,
 * without a second charge; step 3 then recognises the delivery the killed attempt recorded by its
 * time, equal to the ticket's stamp. Each call's stamp is unique per campaign (`stamp` only
 * grows), so a delivery recorded earlier under another ticket is never mistaken for this one.
 *
 * KEYS: 1 campaign hash, 2 its audience set, 3 its tickets hash.
 * ARGV: 1 '1' to check audience membership, then per shopper: delivery id, pseudonym.
 * Returns { codes, stamp, ends, capMax, capMs, then per shopper its ticket's stamp or '' }: one
 * code per shopper, T ticket, N no ticket (budget spent), O outside the audience; or
 * { H…, status } when the campaign is not running (nothing charged).
 */
export const OFFER_TICKETS_LUA = `
local c = redis.call('HMGET', KEYS[1], 'status', 'ends', 'budget', 'cost', 'spent', 'capMax', 'capMs', 'stamp')
local n = (#ARGV - 1) / 2
if c[1] ~= 'running' then return { string.rep('H', n), c[1] or 'missing' } end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ends = tonumber(c[2])
if ends <= now then return { string.rep('H', n), 'ended' } end
local budget, cost, spent = tonumber(c[3]), tonumber(c[4]), tonumber(c[5])
local stamp = math.max(now, (tonumber(c[8]) or 0) + 1)
redis.call('HSET', KEYS[1], 'stamp', stamp)
local stampText = tostring(stamp)
local codes, out, charged = {}, { '', stampText, c[2], c[6], c[7] }, 0
for i = 1, n do
  local field, pseudonym = ARGV[i * 2], ARGV[i * 2 + 1]
  local held = redis.call('HGET', KEYS[3], field)
  if held then
    codes[i] = 'T'
    out[#out + 1] = held
  elseif ARGV[1] == '1' and redis.call('SISMEMBER', KEYS[2], pseudonym) == 0 then
    codes[i] = 'O'
    out[#out + 1] = ''
  elseif spent + charged + cost <= budget then
    charged = charged + cost
    redis.call('HSET', KEYS[3], field, stampText)
    codes[i] = 'T'
    out[#out + 1] = stampText
  else
    codes[i] = 'N'
    out[#out + 1] = ''
  end
end
if charged > 0 then
  redis.call('HINCRBY', KEYS[1], 'spent', charged)
  -- A ticket left by a caller that died outlives the campaign by a day at most.
  redis.call('PEXPIRE', KEYS[3], ends - now + 86400000)
end
out[1] = table.concat(codes)
return out`;

/**
 * Step 3 of a decision (see offer-tickets.lua.ts), in the campaign's slot: each ticket is
 * released, and its cost given back unless its shopper got the delivery. Idempotent: a ticket
 * already released gives nothing back again. `spent` never goes below 0.
 *
 * KEYS: 1 campaign hash, 2 its tickets hash. ARGV: per ticket: delivery id, '1' to keep its charge.
 * Returns how many charges were given back.
 */
export const OFFER_SETTLE_LUA = `
local cost = tonumber(redis.call('HGET', KEYS[1], 'cost') or '0') or 0
local back = 0
for i = 1, #ARGV, 2 do
  if redis.call('HDEL', KEYS[2], ARGV[i]) == 1 and ARGV[i + 1] ~= '1' then back = back + 1 end
end
if back > 0 then
  local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0') or 0
  local amount = math.min(back * cost, math.max(spent, 0))
  if amount > 0 then redis.call('HINCRBY', KEYS[1], 'spent', -amount) end
end
return back`;
