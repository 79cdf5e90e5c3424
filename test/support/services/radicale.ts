import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './free-port';
import { type ServiceProcess, startService } from './service-process';

/**
 * Debian's radicale (a real CalDAV server) on a free loopback port, storing in a temp dir, with
 * no authentication. Debian's radicale runs under /usr/bin/python3, whatever python3 is first on
 * PATH. A calendar collection answers GET with the whole calendar as one .ics.
 */
export class Radicale {
  readonly host = '127.0.0.1';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly process: ServiceProcess,
  ) {}

  static async start(): Promise<Radicale> {
    const dir = mkdtempSync(join(tmpdir(), 'hub-radicale-'));
    const port = await freePort();
    // Anyone (including the anonymous user the hub fetches as) may read and write everything.
    const rights = join(dir, 'rights');
    writeFileSync(rights, '[all]\nuser: .*\ncollection: .*\npermissions: RrWw\n');
    const process = await startService(
      '/usr/bin/python3',
      [
        '-m',
        'radicale',
        '--config',
        '',
        '--server-hosts',
        `127.0.0.1:${port}`,
        '--storage-filesystem-folder',
        join(dir, 'collections'),
        '--auth-type',
        'none',
        '--rights-type',
        'from_file',
        '--rights-file',
        rights,
        '--logging-level',
        'warning',
      ],
      { port },
      { cwd: dir },
    );
    return new Radicale(port, dir, process);
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Creates the calendar collection `/<user>/<name>/`; returns its URL. */
  async makeCalendar(user: string, name: string): Promise<string> {
    const url = `${this.url}/${user}/${name}/`;
    // The user's principal collection first (radicale makes it on login; we fetch anonymously).
    const parent = await fetch(`${this.url}/${user}/`, { method: 'MKCOL' });
    if (parent.status !== 201 && parent.status !== 405) throw new Error(`MKCOL /${user}/: ${parent.status}`);
    const res = await fetch(url, {
      method: 'MKCALENDAR',
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set></C:mkcalendar>`,
    });
    if (res.status !== 201) throw new Error(`MKCALENDAR ${url}: ${res.status} ${await res.text()}`);
    return url;
  }

  /** Stores one calendar object (a VCALENDAR with one event and its overrides), as a CalDAV client does. */
  async putEvent(calendarUrl: string, name: string, ics: string): Promise<void> {
    const res = await fetch(`${calendarUrl}${name}.ics`, {
      method: 'PUT',
      headers: { 'content-type': 'text/calendar; charset=utf-8' },
      body: ics,
    });
    if (res.status !== 201 && res.status !== 204)
      throw new Error(`PUT ${name}: ${res.status} ${await res.text()}`);
  }

  async dispose(): Promise<void> {
    await this.process.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
