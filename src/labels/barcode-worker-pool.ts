import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What bwip-js's `raw()` gives for one symbol, as sent back by a worker. */
export interface RawSymbol {
  sbs?: number[];
  pixs?: ArrayLike<number>;
  pixx?: number;
  pixy?: number;
  error?: string;
}

// CommonJS run by `new Worker(…, { eval: true })`: no file to compile or ship next to dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bwipjs = require(workerData.bwipjs);
parentPort.on('message', ({ id, symbology, texts }) => {
  const out = texts.map((text) => {
    try {
      const r = bwipjs.raw(symbology, text, '')[0];
      return r.pixs ? { pixs: Uint8Array.from(r.pixs), pixx: r.pixx, pixy: r.pixy } : { sbs: r.sbs };
    } catch (err) {
      return { error: String(err) };
    }
  });
  parentPort.postMessage({ id, out });
});
`;

interface Job {
  resolve: (out: RawSymbol[]) => void;
  reject: (err: Error) => void;
}

/**
 * BWIPP takes ~1.5 ms per QR code (most of it choosing the mask), so a 1,000-label sheet spends
 * seconds encoding: big batches are split over worker threads, one per CPU core, while the main
 * thread lays out the text. Workers start on first use, are referenced only while they have work
 * (an idle pool never keeps the process alive) and stop after a minute without any.
 */
export class BarcodeWorkerPool {
  private workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private idleTimer?: NodeJS.Timeout;
  private readonly bwipjsPath = createRequire(import.meta.url).resolve('bwip-js');

  constructor(
    readonly size = Math.min(4, availableParallelism()),
    private readonly idleMs = 60_000,
  ) {}

  /** Encodes `texts` over the workers, in order; a text that fails carries `error`. */
  async encode(symbology: string, texts: string[]): Promise<RawSymbol[]> {
    if (texts.length === 0) return [];
    this.start();
    const chunk = Math.ceil(texts.length / this.workers.length);
    const parts = this.workers.map((worker, w) => this.send(worker, symbology, texts.slice(w * chunk, (w + 1) * chunk)));
    try {
      return (await Promise.all(parts)).flat();
    } finally {
      if (this.jobs.size === 0) this.idle();
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private start() {
    clearTimeout(this.idleTimer);
    if (this.workers.length === 0) {
      this.workers = Array.from({ length: this.size }, () => this.spawn());
    }
    for (const w of this.workers) w.ref();
  }

  private idle() {
    for (const w of this.workers) w.unref();
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bwipjs: this.bwipjsPath } });
    worker.on('message', ({ id, out }: { id: number; out: RawSymbol[] }) => {
      this.jobs.get(id)?.resolve(out);
      this.jobs.delete(id);
    });
    const fail = (err: Error) => {
      // A dead worker fails every job in flight (they are few and short); the pool starts afresh.
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
      void this.close();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0 && this.workers.includes(worker)) fail(new Error(`barcode worker exited with ${code}`));
    });
    return worker;
  }

  private send(worker: Worker, symbology: string, texts: string[]): Promise<RawSymbol[]> {
    if (texts.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      worker.postMessage({ id, symbology, texts });
    });
  }
}
