import { describe, expect, it } from 'vitest';

import { replyFromAnswer } from './webhook-request';

describe('a hook answer as the HTTP reply', () => {
  it("answers platypush's {status: 'ok'} as 200 with that JSON (not a 500)", () => {
    expect(replyFromAnswer({ status: 'ok' })).toEqual({ status: 200, headers: {}, body: { status: 'ok' } });
  });

  it('takes {status, headers, body} as an envelope when that is all it can be', () => {
    expect(replyFromAnswer({ status: 201, body: { id: 1 } })).toEqual({
      status: 201,
      headers: {},
      body: { id: 1 },
    });
    expect(replyFromAnswer({ status: 404 })).toEqual({ status: 404, headers: {}, body: null });
    expect(replyFromAnswer({ body: 'hi' })).toEqual({ status: 200, headers: {}, body: 'hi' });
    expect(replyFromAnswer({ status: 200, headers: { 'X-Seen': 'yes' }, body: 'ok' })).toEqual({
      status: 200,
      headers: { 'x-seen': 'yes' },
      body: 'ok',
    });
  });

  it('answers anything ambiguous as the body of a 200', () => {
    for (const data of [
      { status: 'ok', body: 'x' }, // status is not an HTTP status
      { status: 1 }, // a number, but no HTTP status
      { status: 700, body: 'x' },
      { status: 200.5 },
      { status: 200, message: 'done' }, // another key
      { status: 200, headers: 'x-a: 1' }, // headers not a mapping
      { headers: { a: '1' } }, // neither status nor body
      {},
      [200, 'ok'],
      'plain text',
      null,
    ]) {
      expect(replyFromAnswer(data)).toEqual({ status: 200, headers: {}, body: data });
    }
  });

  it('drops reply headers that would break the response or its framing', () => {
    const { headers } = replyFromAnswer({
      status: 200,
      headers: { 'Content-Length': '1', 'Set-Cookie': 'a=b', 'X-Evil': 'a\r\nb', 'Bad Name': 'x', 'X-Ok': 1 },
      body: null,
    });
    expect(headers).toEqual({ 'x-ok': '1' });
  });
});
