export * from './event';
export * from './request';
export * from './response';
export * from './event-schemas';
