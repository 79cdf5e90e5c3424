export * from './files.module';
export * from './mime-types';
export * from './resources/request-path';
export * from './resources/resource-mounts';
export * from './resources/resources.service';
export * from './tls.options';
export * from './uploads/upload.service';
export * from './uploads/upload-names';
