import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router';

/**
 * Panel pages live under /ui/ and dashboards at /dashboard/<name>: one build, one index.html
 * (the hub serves it for both). Views load lazily, so the first page only fetches its own code.
 * To add a page: a route here, a link in AppNav.vue if it belongs in the navigation, and a line in
 * docs/webapp.md with the scopes it needs.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/ui/', redirect: '/ui/actions' },
  {
    path: '/ui/dashboards',
    name: 'dashboards',
    component: () => import('./dashboards/DashboardsView.vue'),
    meta: { title: 'Dashboards' },
  },
  {
    path: '/ui/dashboards/:name/edit',
    name: 'dashboard-editor',
    component: () => import('./dashboards/editor/DashboardEditorView.vue'),
    meta: { title: 'Edit dashboard' },
  },
  {
    path: '/ui/actions',
    name: 'actions',
    component: () => import('./views/ActionsView.vue'),
    meta: { title: 'Actions' },
  },
  {
    path: '/ui/events',
    name: 'events',
    component: () => import('./views/EventsView.vue'),
    meta: { title: 'Events' },
  },
  {
    path: '/ui/automation',
    name: 'automation',
    component: () => import('./views/AutomationView.vue'),
    meta: { title: 'Automation' },
  },
  {
    path: '/ui/processes',
    name: 'processes',
    component: () => import('./views/ProcessesView.vue'),
    meta: { title: 'Processes' },
  },
  {
    path: '/ui/files',
    name: 'files',
    component: () => import('./views/FilesView.vue'),
    meta: { title: 'Files' },
  },
  {
    path: '/ui/settings',
    component: () => import('./views/SettingsView.vue'),
    meta: { title: 'Settings' },
    children: [
      // Tokens are what most people come for: the page itself, so /ui/settings stays its address.
      {
        path: '',
        name: 'settings',
        component: () => import('./components/settings/TokensPanel.vue'),
        meta: { title: 'Settings' },
      },
      {
        path: 'users',
        name: 'settings-users',
        component: () => import('./components/settings/UsersPanel.vue'),
        meta: { title: 'Users · Settings' },
      },
      {
        path: 'account',
        name: 'settings-account',
        component: () => import('./components/settings/AccountPanel.vue'),
        meta: { title: 'Account · Settings' },
      },
      {
        path: 'audit',
        name: 'settings-audit',
        component: () => import('./components/settings/LoginAuditPanel.vue'),
        meta: { title: 'Login audit · Settings' },
      },
    ],
  },
  // Dashboards (issue 12) render here, full screen, without the panel's chrome.
  {
    path: '/dashboard/:name',
    name: 'dashboard',
    component: () => import('./dashboards/DashboardPage.vue'),
    meta: { title: 'Dashboard', bare: true },
  },
  {
    path: '/ui/:rest(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { title: 'Not found' },
  },
];

export function createHubRouter(): Router {
  const router = createRouter({ history: createWebHistory('/'), routes });
  router.afterEach((to) => {
    document.title = `${String(to.meta.title ?? 'hub')} · hub`;
  });
  return router;
}
