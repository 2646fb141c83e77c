/**
 * Every Redis key and channel Panier uses besides BullMQ's and socket.io's, in one place (ioredis
 * adds REDIS_KEY_PREFIX to keys; on the live connection, RedisService.liveKey does). A shopper's
 * keys share the `{pseudonym}` hash tag and a campaign's the `{campaign id}` tag: every script and MULTI touches one shopper's or one
 * campaign's keys, never both, so that each stays in one slot of a Redis Cluster. Erasure must
 * remove every per-shopper key listed here.
 */
export const RedisKeys = {
  /** The live cart (JSON). */
  cart: (pseudonym: string) => `cart:{${pseudonym}}`,
  /** Dismissed reminders: sku → until (ms). */
  dismissed: (pseudonym: string) => `dismissed:{${pseudonym}}`,
  /** Skus last pushed as reminders, so the list is pushed only when it changes. */
  reminded: (pseudonym: string) => `reminded:{${pseudonym}}`,
  /** The order id of the last cart checkout (an idempotent retry finds it). */
  checkout: (pseudonym: string) => `checkout:{${pseudonym}}`,
  /** The shopper's connected sockets, one field per `<instance>/<socket>`. */
  presence: (pseudonym: string) => `presence:{${pseudonym}}`,
  /** The packed habit profile, and its stamp (moved by every rebuild). */
  profile: (pseudonym: string) => `profile:{${pseudonym}}`,
  profileStamp: (pseudonym: string) => `profile-stamp:{${pseudonym}}`,
  /** The shopper's current consent choices (a cache of PostgreSQL's). */
  consent: (pseudonym: string) => `consent:{${pseudonym}}`,
  /** The shopper's offer history: frequency-cap entries and once-per-campaign marks. */
  offers: (pseudonym: string) => `offers:{${pseudonym}}`,
  /** When each campaign of the offer history ends (its entry is a once key until then). */
  offerEnds: (pseudonym: string) => `offer-ends:{${pseudonym}}`,
  /** A live campaign's runtime hash (status, budget and spend, cap, end, offer template). */
  campaign: (id: string) => `campaign:{${id}}`,
  /** A cart-triggered campaign's audience (a set of pseudonyms). */
  campaignAudience: (id: string) => `campaign:{${id}}:audience`,
  /** Budget tickets of decisions in progress: delivery id → stamp (see offer-tickets.lua.ts). */
  campaignTickets: (id: string) => `campaign:{${id}}:tickets`,
  /** Delivery ids whose charge was given back (see budget-refund.lua.ts). */
  campaignRefunds: (id: string) => `campaign:{${id}}:refunds`,
  /** The broadcast's chunks done so far (only ever grows). */
  campaignDone: (id: string) => `campaign:{${id}}:done`,
  /** The running cart-triggered campaigns. */
  cartCampaigns: 'campaigns:cart',
  /** An Idempotency-Key's first answer, by a hash of caller, route and key. */
  idempotency: (hash: string) => `idem:${hash}`,
  /** The reminders' population stats (binary, reminders/domain/population-codec.ts), and their stamp; one slot. */
  populationStats: 'population:{reminders}',
  populationStamp: 'population-stamp:{reminders}',
  /** rate-limiter-flexible's keys of one limit. */
  rateLimit: (name: string) => `rl:${name}`,
} as const;

/** Pub/sub channels, prefixed with REDIS_KEY_PREFIX by their users (ioredis does not prefix channels). */
export const RedisChannels = {
  /** Fan-out chunks' new deliveries, for the instances holding the shoppers' sockets. */
  offerRelay: 'offers',
  /** A shopper whose devices every API instance must close (erasure decided in a worker process). */
  shopperDisconnect: 'shopper-disconnect',
  /** Skus written by `PUT /v1/products`. */
  catalogChanged: 'catalog-changed',
} as const;
