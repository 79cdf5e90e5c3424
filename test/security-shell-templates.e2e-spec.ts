import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProcessManager } from '@hub/plugins';

import { bootHub, type TestHub } from './support/test-hub';

/**
 * Issue 10 (Low): caller data in a string `cmd` template was substituted first and split into
 * words afterwards, so a webhook caller could add arguments. Each value now stays one argument,
 * and under `shell: true` it is quoted for /bin/sh.
 */
const CONFIG = `
shell:
  enabled: true

event.hook.Notify:
  if: {type: WebhookEvent, hook: notify}
  then:
    - action: shell.exec
      args: {cmd: "printf '[%s]' \${data.msg} \\"to \${data.who}\\" end"}
    - response: '\${stdout}'

event.hook.Piped:
  if: {type: WebhookEvent, hook: piped}
  then:
    - action: shell.exec
      args: {cmd: "printf '[%s]' \${data.msg} | tr a-z A-Z", shell: true}
    - response: '\${stdout}'

event.hook.Started:
  if: {type: WebhookEvent, hook: started}
  then:
    - action: shell.start
      args: {cmd: "printf '[%s]' \${data.msg}", name: templated}
    - response: '\${id}'

event.hook.Handed:
  if: {type: WebhookEvent, hook: handed}
  then:
    - action: shell.exec
      args: {cmd: '\${data.cmd}'}
    - response: '\${stdout}'
`;

describe('string cmd templates (shell plugin)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({ config: CONFIG });
  });
  afterAll(() => hub?.stop());

  const deliver = async (hook: string, data: unknown) => {
    const res = await hub.fetch(`/hook/${hook}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
    return { status: res.status, text: await res.text() };
  };

  it('passes each substituted value as one argument, spaces and quotes included', async () => {
    const answer = await deliver('notify', { msg: "a b --force 'c'", who: 'front  door' });
    expect(answer).toEqual({ status: 200, text: "[a b --force 'c'][to front  door][end]" });
  });

  it('quotes substituted values for /bin/sh under shell: true', async () => {
    const answer = await deliver('piped', { msg: 'x; echo pwned $(id -u) `id -u`' });
    expect(answer).toEqual({ status: 200, text: '[X; ECHO PWNED $(ID -U) `ID -U`]' });
  });

  it('does the same for shell.start', async () => {
    const { text: id } = await deliver('started', { msg: 'one two' });
    const started = hub.app.get(ProcessManager).get(id);
    expect(started?.cmd).toEqual(['printf', '[%s]', 'one two']);
  });

  it('hands over a cmd that is one expression unchanged (split as a command line)', async () => {
    expect(await deliver('handed', { cmd: "printf '<%s>' a b" })).toEqual({ status: 200, text: '<a><b>' });
  });
});
