/**
 * Push-only deliveries of a campaign that showed their shoppers nothing (no device, or no send
 * reached one): their charge and frequency-cap slot are owed back. Published after the rows are
 * settled, and awaited: a listener's failure fails the push job, whose retry publishes it again,
 * so listeners must be idempotent per delivery.
 */
export class DeliveriesUnshownEvent {
  static readonly key = 'push.deliveries-unshown';

  constructor(
    readonly campaignId: string,
    readonly pseudonyms: readonly string[],
  ) {}
}
