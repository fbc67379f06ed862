// The other servers of the benchmark, all on 127.0.0.1: versitygw (a fast S3-compatible server
// on a posix folder) and a TCP pass-through that notes when the first request arrives.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './repo.js';

export const VERSITYGW = join(ROOT, '.cache', 'bin', 'versitygw');

export interface Server {
  endpoint: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((res) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        res(true);
      });
      sock.once('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** versitygw with its posix backend on a fresh temp folder; credentials test/test. */
export async function startVersitygw(): Promise<Server & { dir: string }> {
  if (!existsSync(VERSITYGW)) throw new Error(`${VERSITYGW} is missing: scripts/bench.sh builds it`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-versitygw-'));
  const port = await freePort();
  const child = spawn(
    VERSITYGW,
    // --keep-alive: S3 keeps connections open; without it versitygw answers `Connection: close` and
    // every request of both tools pays a new TCP connection (moto's server does so anyway).
    [
      '--access',
      'testing',
      '--secret',
      'testing',
      '--port',
      `127.0.0.1:${port}`,
      '--keep-alive',
      'posix',
      dir,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 10_000) stderr += d;
  });
  try {
    await waitForPort(port, child, 15_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`versitygw did not start: ${(e as Error).message}\n${stderr}`);
  }
  return { endpoint: `http://127.0.0.1:${port}`, dir, stop: stopper(child) };
}

export interface Tap extends Server {
  /** Epoch ms when the first byte of the first connection arrived since the last `reset`. */
  firstByteAt(): number | undefined;
  reset(): void;
}

/** A TCP pass-through to `target`: every byte is forwarded, only the arrival time is noted. */
export async function startTap(target: string): Promise<Tap> {
  const to = new URL(target);
  let first: number | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(Number(to.port), to.hostname);
    sockets.add(upstream);
    client.once('data', () => {
      first ??= Date.now();
    });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    firstByteAt: () => first,
    reset: () => {
      first = undefined;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}
