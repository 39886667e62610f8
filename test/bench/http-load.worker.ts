import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadRequest {
  port: number;
  method: 'GET' | 'POST';
  /** Each request takes one of these at random. */
  paths: string[];
  /** JSON body sent with every request (POST). */
  body?: string;
  token: string;
  concurrency: number;
  maxSeconds: number;
  maxRequests: number;
  /** Requests made and not measured first (connections opened, code paths warm). */
  warmupRequests?: number;
  expectStatus: number;
  /**
   * Paced (open loop): each client sends one request every `intervalMs` (phases spread at random)
   * instead of the next as soon as the last returns; latency counts from the planned send time, so a
   * client that falls behind does not hide the queueing.
   */
  intervalMs?: number;
  /**
   * Per client (client i takes entry i modulo their number) a token and paths of its own instead of
   * `token` and `paths`: clients of several stations in one load.
   */
  clients?: { token: string; paths: string[] }[];
}

export interface LoadResult {
  latencies: Float64Array;
  errors: number;
  /** Status codes other than the expected one, with a sample body. */
  unexpected: Record<string, { count: number; sample: string }>;
  seconds: number;
}

/** Only ever the local app. */
const HOST = '127.0.0.1';

function run(req: LoadRequest): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: req.concurrency, maxFreeSockets: req.concurrency });
  const headersFor = (token: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(req.body));
    }
    return headers;
  };
  const clients = (req.clients ?? [{ token: req.token, paths: req.paths }]).map((c) => ({ headers: headersFor(c.token), paths: c.paths }));
  const unexpected: LoadResult['unexpected'] = {};
  const once = ({ path, headers }: { path: string; headers: Record<string, string> }) =>
    new Promise<void>((resolve, reject) => {
      const r = http.request({ host: HOST, port: req.port, method: req.method, path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === req.expectStatus) return resolve();
          const key = String(res.statusCode);
          (unexpected[key] ??= { count: 0, sample: Buffer.concat(chunks).toString('utf8').slice(0, 500) }).count++;
          reject(new Error(`status ${res.statusCode}`));
        });
        res.on('error', reject);
      });
      r.on('error', reject);
      r.end(req.body);
    });
  const pick = (client: number) => {
    const c = clients[client % clients.length];
    return { path: c.paths[Math.floor(Math.random() * c.paths.length)], headers: c.headers };
  };

  return (async () => {
    const warmup = req.warmupRequests ?? 0;
    let warm = 0;
    await Promise.all(
      Array.from({ length: req.concurrency }, async (_, client) => {
        while (warm++ < warmup) await once(pick(client)).catch(() => undefined);
      }),
    );
    parentPort?.postMessage('measuring');
    const latencies = new Float64Array(req.maxRequests);
    let n = 0;
    let issued = 0;
    let errors = 0;
    const started = performance.now();
    const deadline = started + req.maxSeconds * 1000;
    const interval = req.intervalMs;
    await Promise.all(
      Array.from({ length: req.concurrency }, async (_, client) => {
        let planned = started + (interval ? Math.random() * interval : 0);
        while (issued < req.maxRequests && performance.now() < deadline) {
          if (interval) {
            if (planned >= deadline) break;
            const wait = planned - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          }
          issued++;
          const t0 = interval ? planned : performance.now();
          planned += interval ?? 0;
          try {
            await once(pick(client));
            latencies[n++] = performance.now() - t0;
          } catch {
            errors++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    return { latencies: latencies.slice(0, n), errors, unexpected, seconds };
  })();
}

if (parentPort && workerData) {
  run(workerData as LoadRequest).then(
    (result) => parentPort!.postMessage(result, [result.latencies.buffer as ArrayBuffer]),
    (err) => {
      throw err;
    },
  );
}
