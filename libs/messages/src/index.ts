export type * from './wire';
export * from './event';
export * from './event-types';
export * from './request';
export * from './response';
export * from './action-name';
export * from './plain-data';
export * from './matching/condition';
