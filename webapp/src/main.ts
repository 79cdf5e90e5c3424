import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { adoptTokenFromUrl } from './api/credentials';
import App from './App.vue';
import { createHubRouter } from './router';
import { useConnectionStore } from './stores/use-connection-store';
import { useSessionStore } from './stores/use-session-store';
import { useThemeStore } from './stores/use-theme-store';
import './styles/base.css';

adoptTokenFromUrl();
const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
useThemeStore().apply();
const session = useSessionStore();
session.install();
const connection = useConnectionStore();
connection.onRejected(() => void session.recheck());
app.use(createHubRouter());
// Who am I first (CSRF token, admin or not); the socket opens alongside.
connection.start();
void session.load().then(() => app.mount('#app'));
