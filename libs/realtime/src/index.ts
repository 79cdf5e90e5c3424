export * from './realtime.module';
export * from './live-connections';
export * from './socket/realtime.gateway';
export * from './subscriptions/subscription-filter';
