export * from './dashboard-document';
export * from './dashboards.controller';
export * from './dashboards.module';
export * from './dashboards.service';
export * from './model';
export { installDashboardXmlBody } from './xml-body';
