export { WebappFiles } from './webapp-files';
export { WEBAPP_CSP } from './webapp-policy';
