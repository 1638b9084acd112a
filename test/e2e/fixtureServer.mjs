// Talking to the workspace's recorded HTTP server (test/fixtures/workspace/server.js) from a journey:
// the port it wrote once it listened, and bounded GETs on 127.0.0.1 that may stay unanswered while
// the program is stopped. Knows nothing of the workbench.
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';

/** The port the recorded server wrote once it listened. */
export async function untilPortFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8'));
      if (port > 0) return port;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server never wrote ${file}`);
}

/** A GET to the server that may stay unanswered for a while: ask whether it settled, or wait for its body. */
export function get(port, path) {
  let settled = false;
  const answer = new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(text));
    });
    sent.on('error', reject);
    sent.end();
  }).finally(() => (settled = true));
  answer.catch(() => {});
  return {
    async settledWithin(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return settled;
    },
    body(timeoutMs) {
      return Promise.race([
        answer,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no answer to ${path} within ${timeoutMs} ms`)), timeoutMs),
        ),
      ]);
    },
  };
}
