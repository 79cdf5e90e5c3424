import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { freePort } from './free-port';
import { RestartableService } from './restartable-service';
import { type ServiceProcess, startService } from './service-process';

export interface MosquittoOptions {
  /** Serve MQTT over TLS with this certificate (test/support/tls-cert). */
  tls?: { cert: string; key: string };
  /** Require these username → password pairs (anonymous clients are refused). */
  users?: Record<string, string>;
}

/** Debian's mosquitto on a free loopback port in a temp dir; can be stopped and started again on the same port. */
export class Mosquitto extends RestartableService {
  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const broker = await Mosquitto.prepare(options);
    await broker.start();
    return broker;
  }

  /** Writes the config without starting: for "broker down at start" tests. */
  static async prepare(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const dir = mkdtempSync(join(tmpdir(), 'hub-mosquitto-'));
    const port = await freePort();
    // Run as ourselves: as root, mosquitto would switch to its own user, who cannot read our temp files.
    const lines = [
      'persistence false',
      'log_dest stderr',
      `user ${userInfo().username}`,
      `listener ${port} 127.0.0.1`,
    ];
    if (options.users) {
      const file = join(dir, 'passwords');
      writeFileSync(file, '');
      for (const [user, password] of Object.entries(options.users)) {
        execFileSync('mosquitto_passwd', ['-b', file, user, password], { stdio: 'ignore' });
      }
      lines.push('allow_anonymous false', `password_file ${file}`);
    } else {
      lines.push('allow_anonymous true');
    }
    if (options.tls) lines.push(`certfile ${options.tls.cert}`, `keyfile ${options.tls.key}`);
    writeFileSync(join(dir, 'mosquitto.conf'), lines.join('\n') + '\n');
    return new Mosquitto(port, dir);
  }

  get url(): string {
    return `mqtt://${this.host}:${this.port}`;
  }

  protected launch(): Promise<ServiceProcess> {
    return startService('/usr/sbin/mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], {
      port: this.port,
    });
  }
}
