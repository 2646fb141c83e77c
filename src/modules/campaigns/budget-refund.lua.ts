/**
 * Gives back the charge of deliveries that showed the shopper nothing (a push-only delivery whose
 * push reached no device: see push/domain/push-status.ts, `refundsCharge`), atomically with the
 * decision script (offer-decision.lua.ts): the campaign's `spent` counter loses their cost, and
 * their entry in the shopper's offer history stops counting for the frequency cap.
 *
 * The entry is the record of the charge: its score is the decision time (ms), positive while the
 * delivery is charged; the refund negates it. A negated entry is still the campaign's once key
 * (the decision script answers `already` with its time, made positive again), never counts for
 * the cap, and is trimmed once its campaign has ended. So the refund is idempotent per delivery
 * (campaign, shopper: the delivery id is derived from them): a retried job, a re-run chunk or a
 * second worker gives nothing back twice. A missing entry (erased shopper; a Redis that lost its
 * data, whose counter is then seeded again from PostgreSQL, where refunded rows cost 0) gives
 * nothing back either. The counter never goes below 0.
 *
 * KEYS: 1 campaign hash `campaign:{id}`, then per shopper its offer history `offers:{pseudonym}`.
 * ARGV: 1 campaign id. Returns how many deliveries were refunded by this call.
 */
export const BUDGET_REFUND_LUA = `
local cost = tonumber(redis.call('HGET', KEYS[1], 'cost') or '0') or 0
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0') or 0
local refunded = 0
for i = 2, #KEYS do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[1])
  local at = score and tonumber(score)
  if at and at > 0 then
    redis.call('ZADD', KEYS[i], 'XX', -at, ARGV[1])
    refunded = refunded + 1
  end
end
local back = math.min(refunded * cost, math.max(spent, 0))
if back > 0 then redis.call('HINCRBY', KEYS[1], 'spent', -back) end
return refunded`;
