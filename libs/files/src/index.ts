export * from './files.module';
export * from './resources/resource-mounts';
export * from './resources/request-path';
export * from './resources/resources.service';
export * from './mime-types';
export * from './uploads/upload.service';
export * from './uploads/upload-names';
export * from './tls.options';
