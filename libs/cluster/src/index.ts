export * from './cluster.module';
export * from './cluster-changes';
export * from './cluster-lease';
export * from './cluster-link';
