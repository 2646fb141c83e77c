import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

/** A past-tense event class: its static `key` names it on the bus (`@OnEvent(SomeEvent.key)`). */
export interface DomainEventClass<E extends object> {
  readonly key: string;
  new (...args: never[]): E;
}

/**
 * The in-process event bus (@nestjs/event-emitter). Publishers await every listener: work a
 * listener does is part of the publisher's step, so a retried job repeats it.
 */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  /**
   * Runs every listener. A listener's error is logged and swallowed, unless it is declared with
   * `suppressErrors: false` (work the publisher's step must not lose): then it fails the publisher.
   * `required`: an event whose work would be lost unheard fails when nothing in the process listens.
   */
  async publish<E extends object>(event: E, options: { required?: boolean } = {}): Promise<void> {
    const key = (event.constructor as DomainEventClass<E>).key;
    if (options.required && this.emitter.listenerCount(key) === 0) throw new Error(`nothing in this process handles ${key}`);
    await this.emitter.emitAsync(key, event);
  }
}
