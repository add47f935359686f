import { EventEmitter } from 'node:events';
import type { DomainEventName, DomainEvents } from '#schema/events.ts';
import { logger } from './logger.ts';

type Listener<K extends DomainEventName> = (data: DomainEvents[K]) => void | Promise<void>;

/**
 * In-process domain events. Services publish after their transaction commits, so a listener never
 * sees a change that was rolled back; each event is handled once, by the process that committed it.
 */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  private readonly anyListeners = new Set<(name: DomainEventName, data: unknown) => void>();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish<K extends DomainEventName>(name: K, data: DomainEvents[K]): void {
    for (const l of this.anyListeners) this.safely(name, () => l(name, data));
    for (const l of this.emitter.listeners(name)) this.safely(name, () => (l as Listener<K>)(data));
  }

  on<K extends DomainEventName>(name: K, listener: Listener<K>): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  onAny(listener: (name: DomainEventName, data: unknown) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  private safely(name: string, fn: () => unknown) {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch((err) => logger.error({ err, event: name }, 'event listener failed'));
    } catch (err) {
      logger.error({ err, event: name }, 'event listener failed');
    }
  }
}
