export * from './config.module';
export * from './config-error';
export * from './config-loader';
export * from './cors-policy';
export * from './host-policy';
export * from './hub-config';
export { hookSchema } from './schema/root.schema';
