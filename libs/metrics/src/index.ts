export * from './bounded-label';
export * from './http-metrics.hook';
export * from './hub-metrics';
export * from './metric-families';
export * from './metrics.module';
