import { defineStore } from 'pinia';
import { ref } from 'vue';
import { request, requestOk } from '../api/http';
import { saveOutcome, type SaveOutcome } from './save-outcome';

export interface UserRow {
  id: number;
  username: string;
  is_admin: boolean;
  created_at: string;
}

export interface NewUser {
  username: string;
  password: string;
  confirm_password: string;
  is_admin: boolean;
}

const userPath = (name: string) => `/users/${encodeURIComponent(name)}`;

/** Users (administrators manage them) and anyone's own password. */
export const useUsersStore = defineStore('users', () => {
  const users = ref<UserRow[]>([]);
  const loadError = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      users.value = await requestOk<UserRow[]>('/users');
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
    }
  }

  async function add(user: NewUser): Promise<SaveOutcome> {
    const res = await request('/users', { body: user });
    if (res.ok) await load();
    return saveOutcome(res.status, res.ok, res.body);
  }

  async function remove(username: string): Promise<SaveOutcome> {
    const res = await request(userPath(username), { method: 'DELETE' });
    if (res.ok) await load();
    return saveOutcome(res.status, res.ok, res.body);
  }

  /** An administrator sets someone else's password (no old one needed; their sessions end). */
  async function resetPassword(username: string, password: string): Promise<SaveOutcome> {
    const res = await request(`${userPath(username)}/password`, { method: 'PUT', body: { password } });
    return saveOutcome(res.status, res.ok, res.body);
  }

  /** Your own password: the current one is needed; your other sessions end, this one stays. */
  async function changeOwnPassword(
    username: string,
    oldPassword: string,
    password: string,
    confirm: string,
  ): Promise<SaveOutcome> {
    const res = await request(`${userPath(username)}/password`, {
      method: 'PUT',
      body: { old_password: oldPassword, password, confirm_password: confirm },
    });
    return saveOutcome(res.status, res.ok, res.body);
  }

  return { users, loadError, load, add, remove, resetPassword, changeOwnPassword };
});
