import { normaliseEventType } from '@hub/messages';

import { type Hook, webhookNameOf } from '../hooks/hook';

const EMPTY: readonly Hook[] = Object.freeze([]);

/**
 * Every live hook, indexed by event type and by webhook name, so that finding the hooks for
 * an event costs the same with 10 hooks or 10,000 on other types.
 */
export class HookIndex {
  private readonly byName = new Map<string, Hook>();
  private readonly byType = new Map<string, readonly Hook[]>();
  private anyType: readonly Hook[] = EMPTY;
  private readonly byWebhook = new Map<string, readonly Hook[]>();

  get(name: string): Hook | undefined {
    return this.byName.get(name);
  }

  all(): Hook[] {
    return [...this.byName.values()];
  }

  get size(): number {
    return this.byName.size;
  }

  /** Adds a hook; a name already taken is refused (returns false). */
  add(hook: Hook): boolean {
    if (this.byName.has(hook.name)) return false;
    this.byName.set(hook.name, hook);
    this.update(hook, (list) => [...list, hook].sort((a, b) => b.priority - a.priority));
    return true;
  }

  remove(name: string): Hook | undefined {
    const hook = this.byName.get(name);
    if (!hook) return undefined;
    this.byName.delete(name);
    this.update(hook, (list) => list.filter((h) => h !== hook));
    return hook;
  }

  /** Hooks that may match an event of this type (priority order); conditions still to test. */
  candidates(type: string): readonly Hook[] {
    const typed = this.byType.get(normaliseEventType(type)) ?? EMPTY;
    if (this.anyType.length === 0) return typed;
    return [...typed, ...this.anyType].sort((a, b) => b.priority - a.priority);
  }

  /** Hooks whose condition matches the event fields, with the reason. */
  matching(args: Record<string, unknown>): Array<{ hook: Hook; reason: string }> {
    const type = typeof args.type === 'string' ? args.type : '';
    const result: Array<{ hook: Hook; reason: string }> = [];
    for (const hook of this.candidates(type)) {
      const reason = hook.condition.match(args);
      if (reason !== null) result.push({ hook, reason });
    }
    return result;
  }

  /** Hooks whose condition names `/hook/<name>`; empty means the endpoint does not exist. */
  webhook(name: string): readonly Hook[] {
    return this.byWebhook.get(name) ?? EMPTY;
  }

  private update(hook: Hook, change: (list: readonly Hook[]) => readonly Hook[]): void {
    const type = hook.condition.type;
    if (type === null) this.anyType = change(this.anyType);
    else setOrDelete(this.byType, type, change(this.byType.get(type) ?? EMPTY));
    const webhook = webhookNameOf(hook);
    if (webhook !== null) setOrDelete(this.byWebhook, webhook, change(this.byWebhook.get(webhook) ?? EMPTY));
  }
}

function setOrDelete(map: Map<string, readonly Hook[]>, key: string, list: readonly Hook[]): void {
  if (list.length === 0) map.delete(key);
  else map.set(key, list);
}
