export * from './cluster-link';
export * from './cluster.module';
export * from './cluster-changes';
export * from './cluster-lease';
