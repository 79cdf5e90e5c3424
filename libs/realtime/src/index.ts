export * from './live-connections';
export * from './realtime.module';
export * from './socket/realtime.gateway';
export * from './subscriptions/subscription-filter';
