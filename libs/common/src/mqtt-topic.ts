/**
 * MQTT topic filters (MQTT 3.1.1 §4.7): `+` matches one level, `#` (last) any number of levels,
 * including none. Used by the mqtt plugin and by hook conditions on MQTTMessageEvent's `topic`.
 */

/** Why `filter` is not a valid subscription filter, or null when it is. */
export function topicFilterError(filter: string): string | null {
  if (filter.length === 0) return 'a topic filter cannot be empty';
  if (filter.includes('\u0000')) return 'a topic filter cannot contain NUL';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return "'#' must be a whole level and the last one";
    if (level.includes('+') && level !== '+') return "'+' must be a whole level";
  }
  return null;
}

/** Why `topic` cannot be published to (wildcards are for subscriptions), or null. */
export function topicNameError(topic: string): string | null {
  if (topic.length === 0) return 'a topic cannot be empty';
  if (/[+#\u0000]/.test(topic)) return "a topic to publish to cannot contain '+', '#' or NUL";
  return null;
}

export function hasTopicWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/** Whether `topic` matches `filter`. Topics starting with `$` only match filters that name them. */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  if (topic.startsWith('$') && !filter.startsWith('$')) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
