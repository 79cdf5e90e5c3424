export * from './action-name';
export * from './event';
export * from './event-types';
export * from './matching/condition';
export * from './plain-data';
export * from './request';
export * from './response';
export type * from './wire';
