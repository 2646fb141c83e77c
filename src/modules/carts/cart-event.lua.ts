/** Positions in the flat reply of {@link cartEventScript}. */
export const CART_REPLY = Object.freeze({
  status: 0,
  cartJson: 1,
  /** 1 when this event changed the cart (its version moved by one), else 0. */
  changed: 2,
  profileStamp: 3,
  remoteDevices: 4,
  consentLoaded: 5,
  personalization: 6,
  dismissedCount: 7,
  /** Dismissals (sku, until) from here, then the pushed skus. */
  rest: 8,
});

/**
 * One round trip per cart event: applies the change to the cart (atomically, whatever device or
 * instance sends it), refreshes its idle TTL, and reads back what the live path needs to decide
 * reminders: the personalization consent, the dismissed skus, the skus already pushed for this
 * cart, the stamp of the shopper's habit profile, and whether a device of the shopper is connected
 * to another instance (ShopperPresence: fields of other instances than this one's). All keys share
 * the `{pseudonym}` hash tag. The instance's limits, idle TTL and presence prefix are written into
 * the script when the instance starts rather than sent with every event (fewer arguments to encode).
 *
 * The reply is one flat list, decoded without nested lists (see {@link CART_REPLY}): status, cart
 * JSON, whether this event changed the cart (1/0), profile stamp, remote devices (1/0), consent
 * loaded (1/0), the personalization choice ('1', '0' or '' when none was made), the number of
 * dismissals, then the dismissals as sku, until pairs, then the skus already pushed.
 */
export function cartEventScript(limits: {
  maxLines: number;
  maxQuantity: number;
  idleTtlSeconds: number;
  maxDismissed: number;
  ownPrefix: string;
  personalization: string;
}): string {
  if (!/^[\w./:-]+$/.test(limits.ownPrefix)) throw new Error(`unexpected presence prefix ${limits.ownPrefix}`);
  if (!/^\w+$/.test(limits.personalization)) throw new Error(`unexpected purpose ${limits.personalization}`);
  return `
local MAX_LINES, MAX_QUANTITY, IDLE_TTL, OWN = ${limits.maxLines}, ${limits.maxQuantity}, ${limits.idleTtlSeconds}, '${limits.ownPrefix}'
local MAX_DISMISSED = ${limits.maxDismissed}
local op = ARGV[1]
local raw = redis.call('GET', KEYS[1])
local cart
-- A cart comes into being at its first read: version 0, updatedAt that moment (stored, so stable).
if raw then cart = cjson.decode(raw) else cart = { v = 0, u = tonumber(ARGV[4]), i = {} } end
local status = 'ok'
local changed = false
if op == 'add' then
  local sku, qty, found = ARGV[2], tonumber(ARGV[3]), false
  for _, line in ipairs(cart.i) do
    if line[1] == sku then
      found = true
      if line[2] + qty > MAX_QUANTITY then status = 'quantity_limit' else line[2] = line[2] + qty; changed = true end
    end
  end
  if not found then
    -- A new line is held to the same most quantity as one added to.
    if qty > MAX_QUANTITY then status = 'quantity_limit'
    elseif #cart.i >= MAX_LINES then status = 'line_limit'
    else table.insert(cart.i, { sku, qty }); changed = true end
  end
elseif op == 'remove' then
  local sku, qty = ARGV[2], tonumber(ARGV[3])
  for idx, line in ipairs(cart.i) do
    if line[1] == sku then
      if qty == 0 or qty >= line[2] then table.remove(cart.i, idx) else line[2] = line[2] - qty end
      changed = true
      break
    end
  end
elseif op == 'clear' then
  if #cart.i > 0 then cart.i = {}; changed = true end
  redis.call('DEL', KEYS[4])
end
if changed then
  cart.v = cart.v + 1
  cart.u = tonumber(ARGV[4])
end
local encoded = cjson.encode(cart)
if changed or not raw then
  redis.call('SET', KEYS[1], encoded, 'EX', IDLE_TTL)
else
  redis.call('EXPIRE', KEYS[1], IDLE_TTL)
end
local remote = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[6])) do
  if string.sub(field, 1, #OWN) ~= OWN then remote = 1; break end
end
-- The dismiss script keeps the hash within its bound; one far beyond it (left by an older version)
-- is not read, and the shopper's next dismissal drops it: no shopper's hash can stall the script.
local dismissed = {}
if redis.call('HLEN', KEYS[3]) <= 2 * MAX_DISMISSED then dismissed = redis.call('HGETALL', KEYS[3]) end
local consent = redis.call('HMGET', KEYS[2], 'v', '${limits.personalization}')
local reply = { status, encoded, changed and 1 or 0, redis.call('GET', KEYS[5]) or '', remote, consent[1] and 1 or 0, consent[2] or '', #dismissed / 2 }
for _, value in ipairs(dismissed) do reply[#reply + 1] = value end
for _, sku in ipairs(redis.call('SMEMBERS', KEYS[4])) do reply[#reply + 1] = sku end
return reply`;
}
