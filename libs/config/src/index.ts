export * from './hub-config';
export * from './config-error';
export * from './config-loader';
export * from './config.module';
export * from './cors-policy';
export * from './host-policy';
