import http from 'node:http';
import { serverAction } from './server-actions';

/**
 * Signs in the way the sign-in form does (the action, multipart), from a chosen loopback address:
 * Linux answers on all of 127.0.0.0/8, so a socket from 127.0.0.9 is, to the panel, another
 * machine. `headers` may carry whatever a client likes (X-Forwarded-For, the panel's own header
 * names): the test is that they change nothing.
 */
export async function signInFrom(
  localAddress: string,
  baseURL: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; redirect: string | undefined }> {
  const action = serverAction('signInAction');
  const form = new FormData();
  form.set('_1_email', email);
  form.set('_1_password', password);
  form.set('_1_next', '');
  form.set('0', JSON.stringify([null, '$K1']));
  const encoded = new Request(baseURL, { method: 'POST', body: form });
  const body = Buffer.from(await encoded.arrayBuffer());
  const url = new URL(action.route, baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: {
          ...headers,
          'Next-Action': action.id,
          Accept: 'text/x-component',
          Origin: baseURL,
          'content-type': encoded.headers.get('content-type')!,
          'content-length': String(body.length),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            redirect: response.headers['x-action-redirect'] as string | undefined,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
