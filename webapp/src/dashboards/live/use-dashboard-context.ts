import { onBeforeUnmount, provide } from 'vue';
import { hubSocket } from '../../api/socket';
import { DashboardFeed } from './dashboard-feed';
import { PageClock } from './page-clock';
import { useDashboardConnection } from './use-dashboard-connection';
import { DASHBOARD_CONTEXT, type DashboardContext } from './use-live-data';

/**
 * Sets up what the widgets below a component share: the feed over the page's one socket, the
 * page clock (wake-ups re-sync the feed) and the connection state; all of it is torn down with
 * the component. Used by the dashboard page and the editor's preview.
 */
export function useDashboardContext(): DashboardContext {
  const socket = hubSocket();
  const feed = new DashboardFeed(socket);
  const clock = new PageClock(() => feed.wake());
  const offline = useDashboardConnection(socket, clock, () => clock.onlineChanged());
  const context: DashboardContext = { feed, clock, offline };
  provide(DASHBOARD_CONTEXT, context);
  onBeforeUnmount(() => {
    feed.close();
    clock.close();
  });
  return context;
}
