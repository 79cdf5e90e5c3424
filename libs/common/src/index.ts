export * from './hub-error';
export * from './logger';
export * from './constant-time';
export * from './ids';
export * from './pretty-log';
export * from './mqtt-topic';
export * from './linear-pattern';
export * from './json-depth';
