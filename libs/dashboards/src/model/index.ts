// Pure TypeScript shared with the webapp (it bundles this folder): keep Node and Nest out of it.
export * from './attribute-schema';
export * from './catalogue';
export * from './coerce-attributes';
export * from './dashboard-node';
export * from './validate-dashboard';
export * from './widget-catalogue';
export * from './xml-parser';
