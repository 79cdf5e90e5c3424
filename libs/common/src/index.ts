export * from './hub-error';
export * from './logger';
export * from './constant-time';
export * from './ids';
