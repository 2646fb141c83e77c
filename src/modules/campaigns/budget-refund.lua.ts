// Gives back the charge of deliveries that showed the shopper nothing (a push-only delivery whose
// push reached no device: see push/domain/push-status.ts, `refundsCharge`): the campaign's `spent`
// counter loses their cost, and their entry in the shopper's offer history stops counting for the
// frequency cap. The two live in different slots (the campaign's, the shopper's), so in three
// steps (CampaignBudget.refund), each atomic in one slot:
//
//   1. the shopper's entry is read: only a positive one (a charged delivery) is refunded;
//   2. REFUND_CHARGES_LUA, campaign slot: each delivery id enters `campaign:{id}:refunds`, and
//      those that were not there yet give their cost back: once per delivery, whatever retries;
//   3. NEGATE_OFFER_LUA, shopper slot: the entry is negated.
//
// The entry is the record of the charge: its score is the decision time (ms), positive while the
// delivery is charged; the refund negates it. A negated entry is still the campaign's once key
// (the decision script answers `already` with its time, made positive again), never counts for
// the cap, and is trimmed once its campaign has ended. A refund interrupted between steps 2 and 3
// is finished by its retry (the push job's retry, the chunk's re-run): the entry is still
// positive, the delivery id already in the set, so nothing is given back twice. A missing entry
// (erased shopper; a Redis that lost its data, whose counter is then seeded again from
// PostgreSQL, where refunded rows cost 0) gives nothing back either. The counter never goes
// below 0.

/**
 * KEYS: 1 campaign hash, 2 its refunds set. ARGV: delivery ids whose entries were charged.
 * Returns how many were refunded by this call.
 */
export const REFUND_CHARGES_LUA = `
local refunded = 0
for i = 1, #ARGV do refunded = refunded + redis.call('SADD', KEYS[2], ARGV[i]) end
if refunded == 0 then return 0 end
local cost = tonumber(redis.call('HGET', KEYS[1], 'cost') or '0') or 0
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0') or 0
local back = math.min(refunded * cost, math.max(spent, 0))
if back > 0 then redis.call('HINCRBY', KEYS[1], 'spent', -back) end
local ends = tonumber(redis.call('HGET', KEYS[1], 'ends') or '0') or 0
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000
-- Pushes are retried for days at most after the campaign ends: a refund after that is gone too.
redis.call('PEXPIRE', KEYS[2], math.max(ends - now, 0) + 7 * 86400000)
return refunded`;

/** KEYS: 1 the shopper's offer history. ARGV: 1 campaign id. Negates a positive entry; returns 1 if it did. */
export const NEGATE_OFFER_LUA = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
local at = score and tonumber(score)
if at and at > 0 then
  redis.call('ZADD', KEYS[1], 'XX', -at, ARGV[1])
  return 1
end
return 0`;
