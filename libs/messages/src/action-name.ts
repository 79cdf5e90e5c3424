/** `plugin.action` (dots between identifiers; `procedure.cool_down`, `music.mpd.play`). */
const ACTION_NAME = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/;

/** The one action-name rule: requests, hook steps and procedures are checked with it. */
export function isActionName(value: unknown): value is string {
  return typeof value === 'string' && ACTION_NAME.test(value);
}
