export * from './action-dispatcher';
