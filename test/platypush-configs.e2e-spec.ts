import { readFileSync, writeFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { configureLogger } from '@hub/common';
import { ConfigError, loadConfig } from '@hub/config';

import { checkConfigBeforeStart as preflight } from '../apps/hub/src/bootstrap/config-check';
import { startHub } from '../apps/hub/src/bootstrap/hub-app';
import { platypushConfigIds, preparePlatypushConfig, trulyInvalidIds } from './support/platypush-fixtures';
import { tempDirs } from './support/test-hub';

/*
 * The 19 real platypush configs of test/fixtures/platypush-configs (from platypush's history,
 * README, docs and wiki; NOTES.md in each says where from). Copied into the repo rather than
 * read from the shared compat folder so that the suite runs the same on any clone, and a change
 * to them shows in review next to the code that must accept them.
 *
 * Every config goes through what `hub --config` does before it listens (loadConfig + preflight:
 * plugin sections, hooks, procedures, crons), which is fast; a few also boot the whole hub.
 */
const tempDir = tempDirs('hub-platypush-');
beforeAll(() => configureLogger((process.env.HUB_TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent'));

function check(id: string): { warnings: string[] } | { problems: string[] } {
  const root = tempDir();
  const configPath = preparePlatypushConfig(id, root);
  try {
    return { warnings: preflight(loadConfig({ configPath, env: {}, cwd: root })) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { problems: err.issues.map((i) => `${i.path}: ${i.message} (${i.location ?? '?'})`) };
  }
}

/** What each config that starts must be told at start (one entry per line of concern). */
const EXPECTED_WARNINGS: Record<string, RegExp[]> = {
  '01': [
    /^backend\.http\.use_werkzeug_server \(01\/config\.yaml:13\): platypush option ignored by hub/,
    /^backend\.http\.zeroconf_enabled \(01\/config\.yaml:16\): platypush option ignored/,
    /^backend\.http\.num_workers \(01\/config\.yaml:12\)/,
    /^redis \(01\/config\.yaml:19\): platypush option ignored by hub: platypush's own bus needs Redis/,
  ],
  '02': [
    /^backend\.http\.use_werkzeug_server/,
    /^backend\.redis \(02\/config\.yaml:13\): backend not supported/,
  ],
  '03': [/^backend\.redis/, /^backend\.http\.disable_websocket/],
  '04': [/^backend\.http\.disable_websocket/],
  '05': [/^backend\.redis/, /^backend\.http\.disable_websocket/],
  '06': [/^backend\.local/],
  '07': [
    /^backend\.kafka/,
    /^backend\.pushbullet/,
    /^backend\.local/,
    /plugins hub does not have.*light\.hue/,
  ],
  '08': [
    /^include \(08\/config\.yaml\): 08\/include\/sensors\.yaml not found, skipped/,
    /^include .*media\.yaml not found/,
    /^include .*robot\.yaml not found/,
    /plugins hub does not have.*tts\.google/,
  ],
  // upstream's `${context.get('args', {}}` lacks a `)`: platypush logs an exception at every
  // run and sends the text as it is; the hub says so once, with the line, and does the same.
  '09': [
    /^backend\.http\.dashboard \(09\/config\.yaml:\d+\): platypush option ignored/,
    /^include .*logging\.yaml not found/,
    /^procedure\.send_request\(target, action, args\)\.0\.args\.msg\.args \(09\/config\.yaml:\d+\): cannot parse \$\{context\.get\('args', \{\}\}.*; kept as text, as platypush does/,
  ],
  '10': [/^backend\.http\.websocket_port/, /^backend\.http\.poll/, /^backend\.mqtt/],
  '11': [],
  '13': [],
  '15': [
    /^backend\.pushbullet/,
    /^backend\.button\.flic/,
    /plugins hub does not have.*video\.omxplayer/,
    /^procedure\.at_home \(15\/config\.yaml:\d+\): unknown actions light\.hue\.on, switch\.wemo\.on; shell\.exec of a disabled plugin \(such a step fails when it runs\)$/,
    /^event\.hook\.NextSongFlicButton \(15\/config\.yaml:\d+\): unknown actions media\.ctrl\.forward, procedure\.your_proc /,
  ],
  '16': [/^backend\.kafka/, /plugins hub does not have.*light\.hue/],
  '18': [],
  '19': [/^backend\.http\.websocket_port \(19\/config\.yaml:\d+\)/],
};

/** The problem each refused config must be refused for (and no other). */
const EXPECTED_PROBLEMS: Record<string, RegExp[]> = {
  // upstream's WebhookExample lacks the closing brace of its `if ${...`; Config.get is Python internals
  '12': [
    /^event\.hook\.WebhookExample\.then\.0: cannot parse .*\(12\/config\.yaml:133\)$/,
    /^procedure\.send_sensor_data\(name, value\)\.0\.args: 'Config' is platypush's Python internals.*\(12\/config\.yaml:54\)$/,
  ],
  // README's mis-indented `groups:` is a sibling of args in an action step
  '14': [
    /^event\.hook\.turn_lights_on_voice_command\.then\.0\.groups: unknown key 'groups'.*\(14\/config\.yaml:30\)$/,
  ],
  // ${__import__("re").sub(...)} is arbitrary Python
  '17': [/^procedure\.send_web_page_to_kindle\.0\.args: '__import__' is platypush's Python internals/],
};

describe('real platypush configs', () => {
  it('has the 19 configs, and EXPECTED.tsv names 12, 14 and 17 as truly invalid', () => {
    expect(platypushConfigIds()).toHaveLength(19);
    expect(trulyInvalidIds()).toEqual(['12', '14', '17']);
  });

  for (const id of platypushConfigIds()) {
    if (EXPECTED_PROBLEMS[id]) {
      it(`refuses ${id} for what is wrong in it, with path and line`, () => {
        const result = check(id);
        expect(result).toHaveProperty('problems');
        const { problems } = result as { problems: string[] };
        expect(problems).toHaveLength(EXPECTED_PROBLEMS[id].length);
        for (const pattern of EXPECTED_PROBLEMS[id])
          expect(problems).toContainEqual(expect.stringMatching(pattern));
      });
    } else {
      it(`starts on ${id}, with a warning for each part it ignores`, () => {
        const result = check(id);
        expect(result).toHaveProperty('warnings');
        const { warnings } = result as { warnings: string[] };
        for (const pattern of EXPECTED_WARNINGS[id])
          expect(warnings).toContainEqual(expect.stringMatching(pattern));
        if (EXPECTED_WARNINGS[id].length === 0) expect(warnings).toEqual([]);
      });
    }
  }

  it("evaluates 09's expression once upstream's missing ')' is added (no kept-as-text warning)", () => {
    const root = tempDir();
    const configPath = preparePlatypushConfig('09', root);
    const text = readFileSync(configPath, 'utf8');
    expect(text).toContain("${context.get('args', {}}");
    writeFileSync(configPath, text.replace("${context.get('args', {}}", "${context.get('args', {})}"));
    const warnings = preflight(loadConfig({ configPath, env: {}, cwd: root }));
    expect(warnings).toContainEqual(
      expect.stringMatching(/^backend\.http\.dashboard \(09\/config\.yaml:\d+\): platypush option ignored/),
    );
    expect(warnings.filter((w) => w.includes('kept as text'))).toEqual([]);
  });

  describe('booting the whole hub', () => {
    // platypush's own test-suite config, the sample it installs for new users, its generated
    // config (include + backend.http: {enabled: True}), and its HTTP backend's documented example.
    for (const id of ['01', '11', '13', '18']) {
      it(`serves HTTP on ${id}`, async () => {
        const root = tempDir();
        const configPath = preparePlatypushConfig(id, root);
        const hub = await startHub(loadConfig({ configPath, env: {}, cwd: root }), { keepLogger: true });
        try {
          const health = await fetch(`${hub.url}/healthz`);
          expect(health.status).toBe(200);
        } finally {
          await hub.close();
        }
      });
    }
  });
});
