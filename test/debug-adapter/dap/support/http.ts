// GET against a recorded server on 127.0.0.1 from a DAP test: the body, or the error when the
// server ends (or is stopped) before it answers.
import { request as httpRequest } from 'node:http';

/** GET http://127.0.0.1:port/path; resolves with the body (the server may be stopped for a while). */
export function httpGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.end();
  });
}
