export * from './event-bus';
export * from './event-history';
export * from './event-log.writer';
export * from './events.module';
export * from './redis-event-bus';
