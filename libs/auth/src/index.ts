export * from './identity';
export * from './credentials';
export * from './access.decorators';
export * from './auth.service';
export * from './auth.guard';
export * from './auth.module';
