export * from './envelope-errors';
export * from './http-api.module';
export * from './summary.decorator';
export * from './webapp';
