import type { HubEvent } from '../../api/wire';
import { runAction } from '../dashboard-api';
import { useLiveData, type LiveData } from './use-live-data';

/** A variable's value: `variable.get`, then each `VariableChangedEvent` for it. */
export function useVariable(name: () => string): LiveData<unknown> {
  return useLiveData<unknown>({
    load: async () => {
      const out = await runAction<Record<string, unknown>>('variable.get', { name: name() });
      return out[name()] ?? null;
    },
    types: ['VariableChangedEvent'],
    key: name,
    apply: (event: HubEvent) => {
      const args = event.args as { name?: string; value?: unknown };
      return args.name === name() ? (args.value ?? null) : undefined;
    },
  });
}
