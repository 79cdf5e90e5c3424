export * from './files.module';
export * from './resources/resource-mounts';
export * from './resources/request-path';
export * from './resources/resources.service';
export * from './mime-types';
