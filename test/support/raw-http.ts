import { Agent, IncomingHttpHeaders, request } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Sent as is: percent-encoding, dots and bytes are not normalized (unlike a URL object). */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * One HTTP request with nothing in between: test clients built on URL objects resolve `..`,
 * re-encode paths and refuse some bytes, which would hide exactly the input under test.
 */
export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  send(raw: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const done = (error: Error | null, response?: RawResponse) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve(response!);
      };
      let req;
      try {
        req = request({
          host: this.host,
          port: this.port,
          method: raw.method,
          path: raw.path,
          agent: this.agent,
          headers: { ...(raw.body ? { 'content-length': String(raw.body.length) } : {}), ...raw.headers },
        });
      } catch (error) {
        done(error as Error);
        return;
      }
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`No answer within ${timeoutMs} ms`)));
      req.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          done(null, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => done(error));
      });
      // The server may answer (413, 431) and close before it has read a large body: the answer
      // counts, the broken pipe that follows does not.
      req.on('error', (error) => done(error));
      req.end(raw.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
