import { ErrorCode, HubError } from '@hub/common';
import type { EventBus } from '@hub/events';

import { type DashboardDocument, readDashboard } from './dashboard-document';
import { type DashboardFiles, etagOf } from './files/dashboard-files';
import {
  DASHBOARD_NAME,
  type DashboardNode,
  DashboardParseError,
  DEFAULT_LIMITS,
  parseDashboardXml,
} from './model';

export interface DashboardSummary {
  name: string;
  title: string;
  updated_at: string;
}

export interface DashboardView extends DashboardDocument {
  name: string;
  xml: string;
  etag: string;
}

export type SaveOutcome = DashboardView & { status: 'created' | 'updated' };

/** 412: the file changed since the client read it (`If-Match` no longer matches). */
export class DashboardConflict extends Error {
  constructor(readonly currentEtag: string | null) {
    super('The dashboard was changed by someone else since you loaded it');
  }
}

/**
 * Dashboards: read, validate, save and delete `<name>.xml`, and post `DashboardChangedEvent`
 * exactly once per real change, whether it came through the API or from an editor on disk.
 */
export class DashboardsService {
  /** Last ETag seen per dashboard, so a change is announced once (the API write and the watcher both report it). */
  private readonly known = new Map<string, string>();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly files: DashboardFiles,
    private readonly bus: EventBus,
  ) {}

  async list(): Promise<DashboardSummary[]> {
    const out: DashboardSummary[] = [];
    for (const name of await this.files.names()) {
      const file = await this.files.read(name);
      if (!file) continue;
      out.push({ name, title: titleOf(file.xml) ?? name, updated_at: file.updatedAt.toISOString() });
    }
    return out;
  }

  async get(name: string): Promise<DashboardView> {
    assertName(name);
    const file = await this.files.read(name);
    if (!file) throw HubError.notFound(`No dashboard named '${name}'`);
    return { name, xml: file.xml, etag: file.etag, ...readDashboard(file.xml) };
  }

  /** Parses and checks without saving (the editor's live preview). */
  validate(xml: string): DashboardDocument {
    assertSize(xml);
    return readDashboard(xml);
  }

  /**
   * Saves after a successful parse; schema issues (unknown widgets, bad attributes) are returned,
   * not refused, since they render as error cards. Throws DashboardParseError (nothing written)
   * or DashboardConflict.
   */
  async put(name: string, xml: string, ifMatch?: string): Promise<SaveOutcome> {
    assertName(name);
    assertSize(xml);
    parseDashboardXml(xml); // throws before anything is written
    const current = await this.files.read(name);
    if (ifMatch !== undefined && !etagMatches(ifMatch, current?.etag ?? null)) {
      throw new DashboardConflict(current?.etag ?? null);
    }
    await this.files.write(name, xml);
    await this.noteChange(name);
    return { status: current ? 'updated' : 'created', name, xml, etag: etagOf(xml), ...readDashboard(xml) };
  }

  async delete(name: string, ifMatch?: string): Promise<void> {
    assertName(name);
    const current = await this.files.read(name);
    if (!current) throw HubError.notFound(`No dashboard named '${name}'`);
    if (ifMatch !== undefined && !etagMatches(ifMatch, current.etag))
      throw new DashboardConflict(current.etag);
    await this.files.delete(name);
    await this.noteChange(name);
  }

  /** Re-reads one file and posts DashboardChangedEvent when its content differs from what was last seen. */
  noteChange(name: string): Promise<void> {
    // One at a time: two quick writes must be compared in the order they happened.
    const next = this.pending.then(() => this.compareAndAnnounce(name));
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async compareAndAnnounce(name: string): Promise<void> {
    if (!DASHBOARD_NAME.test(name)) return;
    const file = await this.files.read(name);
    const before = this.known.get(name);
    if (!file) {
      if (before === undefined) return;
      this.known.delete(name);
      this.bus.post('DashboardChangedEvent', { name, change: 'deleted' });
      return;
    }
    if (before === file.etag) return;
    this.known.set(name, file.etag);
    this.bus.post('DashboardChangedEvent', { name, change: before === undefined ? 'created' : 'updated' });
  }

  /** Records the files present at start (no events) and returns each one's document for the start-up check. */
  async scan(): Promise<Array<{ name: string; document: DashboardDocument }>> {
    const out: Array<{ name: string; document: DashboardDocument }> = [];
    for (const name of await this.files.names()) {
      const file = await this.files.read(name);
      if (!file) continue;
      this.known.set(name, file.etag);
      out.push({ name, document: readDashboard(file.xml) });
    }
    return out;
  }

  /** Files that appeared or vanished while nobody watched (the directory was created later). */
  async rescan(): Promise<void> {
    const names = new Set([...(await this.files.names()), ...this.known.keys()]);
    for (const name of names) await this.noteChange(name);
  }
}

function assertName(name: string): void {
  if (!DASHBOARD_NAME.test(name)) {
    throw HubError.badRequest(`Invalid dashboard name '${name}': 1-64 of A-Z a-z 0-9 _ -`);
  }
}

function assertSize(xml: string): void {
  if (xml.length > DEFAULT_LIMITS.maxLength) {
    throw new HubError(
      ErrorCode.PayloadTooLarge,
      `Dashboard is larger than ${DEFAULT_LIMITS.maxLength} characters`,
    );
  }
}

/** `If-Match: *` matches any existing file; otherwise one of the listed tags must be the current one. */
function etagMatches(header: string, current: string | null): boolean {
  if (current === null) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === current);
}

function titleOf(xml: string): string | null {
  try {
    const tree: DashboardNode = parseDashboardXml(xml);
    return tree.attrs.title ?? null;
  } catch (err) {
    if (err instanceof DashboardParseError) return null;
    throw err;
  }
}
