import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';

import type * as Systeminformation from 'systeminformation';
import { z } from 'zod';

import { lazyModule } from '@hub/common';

import { Action, Plugin } from '../../plugin.decorators';
import type { PluginContext } from '../../plugin-context';
import type { BackgroundPlugin } from '../../plugin-lifecycle';

const si = lazyModule<typeof Systeminformation>('systeminformation');

/** `system:` section of config.yaml. */
export const systemConfigSchema = z.strictObject({
  /** Read cpu, load, memory and temperatures this often and post SensorDataChangeEvent; off when absent. */
  poll_seconds: z.number().min(1).optional(),
});
type SystemOptions = z.output<typeof systemConfigSchema>;

const empty = z.strictObject({});
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percent = (part: number, total: number) => (total > 0 ? round((part / total) * 100) : 0);

const memShape = z.object({
  total: z.number(),
  available: z.number(),
  used: z.number(),
  free: z.number(),
  percent: z.number(),
  active: z.number(),
  buffers: z.number(),
  cached: z.number(),
});
const swapShape = z.object({ total: z.number(), used: z.number(), free: z.number(), percent: z.number() });
const diskShape = z.array(
  z.object({
    device: z.string(),
    mountpoint: z.string(),
    fstype: z.string(),
    total: z.number(),
    used: z.number(),
    free: z.number(),
    percent: z.number(),
  }),
);
const temperatureShape = z.array(
  z.object({
    label: z.string(),
    current: z.number(),
    high: z.number().nullable(),
    critical: z.number().nullable(),
  }),
);

/**
 * platypush `system`: the machine's cpu, load, memory, disks, network and temperatures, read with
 * systeminformation (/proc and /sys on Linux). Sizes are bytes, percentages 0-100.
 */
@Plugin({
  name: 'system',
  doc: 'CPU, load, memory, disk, network and temperature readings of the machine the hub runs on.',
  config: systemConfigSchema,
  enabledByDefault: false,
})
export class SystemPlugin implements BackgroundPlugin<SystemOptions> {
  private timer: NodeJS.Timeout | null = null;
  private last: Record<string, unknown> | null = null;

  start(ctx: PluginContext<SystemOptions>): void {
    const seconds = ctx.options.poll_seconds;
    if (seconds === undefined) return;
    const tick = async () => {
      try {
        const data = await this.readings();
        if (!isDeepStrictEqual(data, this.last))
          ctx.post('SensorDataChangeEvent', { data, source: ctx.name });
        this.last = data;
      } catch (err) {
        ctx.log.warn({ error: (err as Error).message }, 'system: reading failed');
      }
      this.timer = setTimeout(() => void tick(), seconds * 1000);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  @Action({
    doc: 'CPU use in percent since the last call (all CPUs, or a list with per_cpu).',
    args: z.strictObject({ per_cpu: z.boolean().default(false) }),
    returns: z.union([z.number(), z.array(z.number())]),
  })
  async cpu_percent(args: { per_cpu: boolean }) {
    const load = await si().currentLoad();
    return args.per_cpu ? load.cpus.map((c) => round(c.load)) : round(load.currentLoad);
  }

  @Action({
    doc: 'CPU model, vendor, cores and speeds.',
    args: empty,
    returns: z.record(z.string(), z.unknown()),
  })
  async cpu_info() {
    const cpu = await si().cpu();
    return {
      brand: cpu.brand,
      vendor: cpu.manufacturer,
      family: cpu.family,
      model: cpu.model,
      count: cpu.cores,
      physical_count: cpu.physicalCores,
      hz_advertised: cpu.speed * 1e9,
      hz_max: cpu.speedMax * 1e9,
      arch: process.arch,
    };
  }

  @Action({ doc: 'Load average over 1, 5 and 15 minutes.', args: empty, returns: z.array(z.number()) })
  load_avg() {
    return loadavg().map((n) => round(n, 2));
  }

  @Action({
    doc: 'Memory in bytes: {total, available, used, free, percent, active, buffers, cached}.',
    args: empty,
    returns: memShape,
  })
  async mem_virtual() {
    const m = await si().mem();
    return {
      total: m.total,
      available: m.available,
      used: m.total - m.available,
      free: m.free,
      percent: percent(m.total - m.available, m.total),
      active: m.active,
      buffers: m.buffers,
      cached: m.cached,
    };
  }

  @Action({ doc: 'Swap in bytes: {total, used, free, percent}.', args: empty, returns: swapShape })
  async mem_swap() {
    const m = await si().mem();
    return {
      total: m.swaptotal,
      used: m.swapused,
      free: m.swapfree,
      percent: percent(m.swapused, m.swaptotal),
    };
  }

  @Action({
    doc: 'Mounted file systems: [{device, mountpoint, fstype, total, used, free, percent}].',
    args: empty,
    returns: diskShape,
  })
  async disk_info() {
    const disks = await si().fsSize();
    return disks.map((d) => ({
      device: d.fs,
      mountpoint: d.mount,
      fstype: d.type,
      total: d.size,
      used: d.used,
      free: d.available,
      percent: round(d.use ?? percent(d.used, d.size)),
    }));
  }

  @Action({
    doc: 'Network interfaces with addresses and byte counters.',
    args: empty,
    returns: z.array(z.record(z.string(), z.unknown())),
  })
  async network_info() {
    const [interfaces, stats] = await Promise.all([si().networkInterfaces(), si().networkStats('*')]);
    const list = Array.isArray(interfaces) ? interfaces : [interfaces];
    return list.map((i) => {
      const s = stats.find((x) => x.iface === i.iface);
      return {
        interface: i.iface,
        is_up: i.operstate === 'up' || i.iface === 'lo',
        mtu: i.mtu ?? null,
        speed: i.speed ?? null,
        mac: i.mac || null,
        addresses: [i.ip4, i.ip6].filter(Boolean),
        bytes_recv: s?.rx_bytes ?? null,
        bytes_sent: s?.tx_bytes ?? null,
        errors_in: s?.rx_errors ?? null,
        errors_out: s?.tx_errors ?? null,
      };
    });
  }

  @Action({
    doc: 'Temperature sensors in °C: [{label, current, high, critical}]; empty where the machine has none.',
    args: empty,
    returns: temperatureShape,
  })
  async sensors_temperature() {
    const t = await si().cpuTemperature();
    const list: Array<{ label: string; current: number; high: number | null; critical: number | null }> = [];
    const max = typeof t.max === 'number' ? t.max : null;
    if (typeof t.main === 'number') list.push({ label: 'cpu', current: t.main, high: max, critical: null });
    t.cores?.forEach(
      (c, i) =>
        typeof c === 'number' && list.push({ label: `core ${i}`, current: c, high: max, critical: null }),
    );
    if (typeof t.chipset === 'number')
      list.push({ label: 'chipset', current: t.chipset, high: null, critical: null });
    return list;
  }

  /** What polling reports: enough for a dashboard gauge, cheap to read. */
  private async readings(): Promise<Record<string, unknown>> {
    const [load, mem, temps] = await Promise.all([
      si().currentLoad(),
      si().mem(),
      this.sensors_temperature(),
    ]);
    return {
      cpu_percent: round(load.currentLoad),
      load_avg: this.load_avg(),
      mem_percent: percent(mem.total - mem.available, mem.total),
      swap_percent: percent(mem.swapused, mem.swaptotal),
      temperature: temps[0]?.current ?? null,
    };
  }
}
