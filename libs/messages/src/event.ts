/** `platypush.message.event.http.hook.WebhookEvent` → `WebhookEvent`. */
export function normaliseEventType(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot >= 0 ? type.slice(dot + 1) : type;
}
