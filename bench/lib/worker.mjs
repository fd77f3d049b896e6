// A child process that answers requests over IPC, one at a time. Benchmarks
// use it to give every SDK a process of its own (no shared globals, no
// shared heap) and to keep loopback servers off the measured process's CPU.
import { fork } from 'node:child_process';

/**
 * Starts `file` as a worker.
 * @param {string} file path or URL of a module that calls `serve()`
 * @param {{ args?: string[], env?: Record<string, string>, execArgv?: string[],
 *   quiet?: boolean }} [options] `quiet` drops the worker's stdout (peer SDKs
 *   print banners and warnings); stderr is always shown.
 */
export function startWorker(file, options = {}) {
  const child = fork(file, options.args ?? [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let nextId = 0;
  let exited = false;

  child.on('message', ({ id, ok, value, error }) => {
    const waiter = pending.get(id);
    if (!waiter) return;
    pending.delete(id);
    if (ok) waiter.resolve(value);
    else waiter.reject(new Error(`${file}: ${error}`));
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const waiter of pending.values()) {
      waiter.reject(new Error(`${file} exited (${signal ?? code}) before answering`));
    }
    pending.clear();
  });

  /** Sends one request and resolves with the worker's answer. */
  function request(type, payload) {
    if (exited) return Promise.reject(new Error(`${file} is not running`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ id, type, payload });
    });
  }

  /** Asks the worker to clean up and waits until it has exited. */
  async function stop() {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    await request('stop').catch(() => undefined);
    await gone;
  }

  return { request, stop, pid: child.pid };
}

/**
 * The worker's side: runs `handlers[type](payload)` for each request.
 * A `stop` handler, if given, runs before the process exits.
 */
export function serve(handlers) {
  process.on('message', async ({ id, type, payload }) => {
    try {
      const value = type === 'stop' ? await handlers.stop?.() : await handlers[type](payload);
      const done = type === 'stop' ? () => process.exit(0) : undefined;
      process.send({ id, ok: true, value }, done);
    } catch (error) {
      process.send({ id, ok: false, error: error?.stack ?? String(error) });
    }
  });
}
