export * from './bounded-label';
export * from './hub-metrics';
export * from './http-metrics.hook';
export * from './metrics.module';
export * from './metric-families';
