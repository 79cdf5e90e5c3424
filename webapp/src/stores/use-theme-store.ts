import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

export type ThemeChoice = 'auto' | 'light' | 'dark';
const STORAGE_KEY = 'hub.theme';

function stored(): ThemeChoice {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'auto';
}

/** Light, dark, or the system's choice; kept per browser, applied as `<html data-theme>`. */
export const useThemeStore = defineStore('theme', () => {
  const choice = ref<ThemeChoice>(stored());

  function apply(): void {
    document.documentElement.dataset.theme = choice.value;
  }

  watch(choice, (value) => {
    if (value === 'auto') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, value);
    apply();
  });

  return { choice, apply };
});
