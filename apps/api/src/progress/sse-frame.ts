const LINE_BREAK = /[\r\n]/;

/**
 * One server-sent event. `data` must not hold a bare newline (each line would become its own `data:`
 * field); JSON.stringify never writes one, other text is split so the client joins it back.
 */
export function sseFrame(event: string, data: string): string {
  // The common case (JSON) has no line break: no split and join for it.
  if (!LINE_BREAK.test(data)) return `event: ${event}\ndata: ${data}\n\n`;
  return `event: ${event}\ndata: ${data.split(/\r\n|\r|\n/).join('\ndata: ')}\n\n`;
}

/** A comment line: keeps proxies and the browser from timing out an idle stream. */
export const SSE_PING = ': ping\n\n';

/** Sent first: how long the browser waits before reconnecting a dropped stream. */
export const SSE_RETRY = 'retry: 3000\n\n';
