import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

import type { HubConfig } from './hub-config';

/**
 * Which `Host` headers the hub answers (DNS rebinding: a page on evil.example whose name is made
 * to resolve to the hub's address would otherwise talk to it as a same-origin page, and the
 * CSRF and socket origin checks, which compare against Host, would agree).
 *
 * Allowed: any IP literal (a page can only be on one if it is served from that address), the
 * bind address, `localhost` and `*.localhost`, this machine's names (`hostname`, `hostname.local`)
 * and `backend.http.hostnames`. A name that starts with `.` allows its subdomains too.
 */
export class HostPolicy {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = ['.localhost'];
  /** Host headers already judged: clients send the same one on every request. */
  private readonly seen = new Map<string, boolean>();

  constructor(http: Pick<HubConfig['http'], 'bind_address' | 'hostnames'>, machineNames = localNames()) {
    for (const name of ['localhost', http.bind_address, ...machineNames, ...http.hostnames]) {
      const lower = name.toLowerCase().replace(/\.$/, '');
      if (lower.startsWith('.')) this.suffixes.push(lower);
      else if (lower) this.exact.add(lower);
    }
  }

  /** Whether a request carrying this Host header (with or without a port) is for this hub. */
  allows(host: string | undefined): boolean {
    if (!host) return false;
    let verdict = this.seen.get(host);
    if (verdict === undefined) {
      verdict = this.judge(host);
      if (this.seen.size >= 256) this.seen.clear(); // bounded, whatever strangers send
      this.seen.set(host, verdict);
    }
    return verdict;
  }

  private judge(host: string): boolean {
    const name = hostOnly(host);
    if (name === null) return false;
    if (isIP(name) !== 0) return true;
    return this.exact.has(name) || this.suffixes.some((s) => name.endsWith(s));
  }
}

/** `Hub.Lan:8008` → `hub.lan`, `[::1]:8008` → `::1`; null for anything malformed. */
function hostOnly(host: string): string | null {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end > 0 ? lower.slice(1, end) : null;
  }
  const name = lower.replace(/:\d{1,5}$/, '').replace(/\.$/, '');
  return /^[a-z0-9._-]+$/.test(name) ? name : null;
}

function localNames(): string[] {
  const name = hostname().toLowerCase();
  const short = name.split('.')[0];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .map((i) => i?.address ?? '');
  return [name, short, `${short}.local`, ...addresses];
}
