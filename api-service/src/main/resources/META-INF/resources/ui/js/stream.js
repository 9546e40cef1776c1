// The job event stream (GET /api/v2/jobs/stream, Server-Sent Events) read with fetch(): EventSource cannot send the
// Authorization header, and the token must not travel in a URL (logs, history). A ReadableStream is parsed as the
// SSE format says: events end with a blank line, "data:" lines are joined, ":" lines are comments (heartbeats).
import { token, signOut } from './app.js';

/**
 * Follows the stream until stopped, reconnecting after 1 s, 2 s, 4 s... (at most 15 s) when it breaks.
 * onEvent(job event); onState('connecting' | 'live' | 'reconnecting'); onReconnect() after a break (the page should
 * reload what it may have missed). Returns a function that stops it.
 */
export function follow(path, { onEvent, onState = () => {}, onReconnect = () => {} }) {
  let stopped = false;
  let controller = null;
  let delay = 1000;

  async function run() {
    let broke = false;
    while (!stopped) {
      onState(broke ? 'reconnecting' : 'connecting');
      controller = new AbortController();
      try {
        const response = await fetch(path, {
          headers: { 'Authorization': 'Token ' + token(), 'Accept': 'text/event-stream' },
          signal: controller.signal, cache: 'no-store'
        });
        if (response.status === 401) {
          signOut('expired');
          return;
        }
        if (!response.ok || !response.body) throw new Error('stream answered ' + response.status);
        onState('live');
        if (broke) onReconnect();
        delay = 1000;
        await read(response.body, onEvent);
      } catch (error) {
        if (stopped) return;
      }
      broke = true;
      onState('reconnecting');
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }

  run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = block.split(/\r?\n/).filter(line => line.startsWith('data:'))
        .map(line => line.slice(5).replace(/^ /, '')).join('\n');
      if (data) {
        try {
          onEvent(JSON.parse(data));
        } catch (error) {
          // not a job event: ignored
        }
      }
    }
  }
}
