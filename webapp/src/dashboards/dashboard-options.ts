import type { InjectionKey } from 'vue';

/** Origins Iframe widgets may embed, from `<Dashboard allow-origins="...">`. */
export const ALLOWED_ORIGINS: InjectionKey<() => string[]> = Symbol('allowed-origins');
