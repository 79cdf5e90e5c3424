import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './free-port';
import { RestartableService } from './restartable-service';
import { type ServiceProcess, startService } from './service-process';
import { type WavTags, writeTaggedWav } from './wav-file';

export interface Track extends WavTags {
  /** File name under the music directory, e.g. `morning.wav`. */
  file: string;
  seconds?: number;
}

/**
 * Debian's mpd on a free loopback port in a temp dir, with a null audio output (software
 * mixer, so volume works) and a music directory of tagged WAVs the test lists. Can be killed
 * and started again on the same port with the same database.
 */
export class Mpd extends RestartableService {
  static async start(tracks: Track[]): Promise<Mpd> {
    const mpd = await Mpd.prepare(tracks);
    await mpd.start();
    return mpd;
  }

  /** Writes the config and music without starting: for "MPD down at start" tests. */
  static async prepare(tracks: Track[]): Promise<Mpd> {
    const dir = mkdtempSync(join(tmpdir(), 'hub-mpd-'));
    const port = await freePort();
    const music = join(dir, 'music');
    mkdirSync(music);
    mkdirSync(join(dir, 'playlists'));
    for (const [i, track] of tracks.entries()) {
      writeTaggedWav(join(music, track.file), track.seconds ?? 30, track, 300 + i * 50);
    }
    const config = [
      `music_directory "${music}"`,
      `playlist_directory "${join(dir, 'playlists')}"`,
      `db_file "${join(dir, 'database')}"`,
      `log_file "${join(dir, 'mpd.log')}"`,
      `bind_to_address "127.0.0.1"`,
      `port "${port}"`,
      'zeroconf_enabled "no"',
      'auto_update "no"',
      'audio_output {',
      '  type "null"',
      '  name "null"',
      '  mixer_type "software"',
      '}',
    ];
    writeFileSync(join(dir, 'mpd.conf'), config.join('\n') + '\n');
    return new Mpd(port, dir);
  }

  protected launch(): Promise<ServiceProcess> {
    return startService(
      '/usr/bin/mpd',
      ['--no-daemon', join(this.dir, 'mpd.conf')],
      { port: this.port },
      {
        cwd: this.dir,
      },
    );
  }

  /** Waits until its database lists the music directory. */
  protected override async whenStarted(): Promise<void> {
    await this.command('update');
    for (let i = 0; ; i++) {
      if (!/updating_db:/.test(await this.command('status'))) break;
      if (i > 400) throw new Error('mpd never finished updating its database');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Runs one command as another MPD client would (a phone app, mpc); resolves with its reply. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      let buffer = '';
      let sent = false;
      socket.setEncoding('utf8');
      socket.on('data', (data: string) => {
        buffer += data;
        if (!sent && buffer.includes('\n')) {
          buffer = '';
          sent = true;
          socket.write(`${line}\n`);
          return;
        }
        if (/(^|\n)(OK|ACK .*)\n$/.test(buffer)) {
          socket.end();
          if (/(^|\n)ACK /.test(buffer)) reject(new Error(buffer.trim()));
          else resolve(buffer);
        }
      });
      socket.once('error', reject);
    });
  }
}
