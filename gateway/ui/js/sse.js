// Server-Sent Events over fetch(): EventSource cannot send the X-User-Id header. Resumes with
// Last-Event-ID after a dropped connection, like EventSource would; stops when aborted or when
// the caller says the stream is finished.

export async function followEvents(url, headers, { onEvent, isDone, signal, lastEventId = null, retries = 20 }) {
  let lastId = lastEventId;
  let failures = 0;
  while (!signal.aborted && !isDone()) {
    try {
      const extra = lastId ? { 'Last-Event-ID': lastId } : {};
      const res = await fetch(url, { headers: { ...headers, ...extra, Accept: 'text/event-stream' }, signal });
      if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
      failures = 0;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const chunks = buffer.split(/\r?\n\r?\n/);
        buffer = chunks.pop();
        for (const chunk of chunks) {
          const event = parse(chunk);
          if (event.id) lastId = event.id;
          if (event.data !== null) onEvent(event);
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err.status && err.status < 500) throw err; // 401/404: retrying will not help
      if (++failures > retries) throw err;
    }
    if (!isDone() && !signal.aborted) await new Promise((r) => setTimeout(r, 1000));
  }
}

function parse(chunk) {
  const event = { id: null, event: 'message', data: null };
  const data = [];
  for (const line of chunk.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') data.push(value);
    else if (name === 'id') event.id = value;
    else if (name === 'event') event.event = value;
  }
  if (data.length) event.data = data.join('\n');
  return event;
}
