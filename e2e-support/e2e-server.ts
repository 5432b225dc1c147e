// Shared by frontend-pc and frontend-pad (their e2e/global-setup.ts re-export it).
// Starts one real backend for the whole browser suite: `cic e2e-server` (backend/cli/e2e.py) makes a
// fresh database with the demo data, serves the API and the built front end (dist/) and runs a
// worker and the ECIF simulator; it prints `E2E_READY <url>` and drops the database on SIGTERM.
// Set CIC_E2E_URL to test against a server you started yourself instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What vitest's global setup receives (a TestProject), as far as this file needs it. */
interface Project {
  provide(key: 'baseURL' | 'simulators', value: string): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
// Run from the front end's directory (npm test): its test-results/ gets the server's log.
const logFile = path.resolve(process.cwd(), 'test-results', 'e2e-server.log');

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export default async function setup(project: Project) {
  if (process.env.CIC_E2E_URL) {
    project.provide('baseURL', process.env.CIC_E2E_URL.replace(/\/$/, ''));
    // With your own server: CIC_E2E_SIMULATORS='{"mobile-banking": "http://127.0.0.1:8106"}'.
    project.provide('simulators', process.env.CIC_E2E_SIMULATORS ?? '{}');
    return;
  }
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const python = process.env.PYTHON ?? 'python3';
  const child = spawn(python, ['-m', 'uv', 'run', '--frozen', 'cic', 'e2e-server'], {
    cwd: repo,
    env: { ...process.env, CIC_LOG_LEVEL: process.env.CIC_LOG_LEVEL ?? 'WARNING' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.pipe(log);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cic e2e-server was not ready in 180 s; see ${logFile}`)), 180_000);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      log.write(chunk);
      const match = /E2E_READY (\S+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        // The simulators' URLs (printed before READY), e.g. the mobile bank's H5 page, as JSON.
        const simulators = Object.fromEntries([...buffer.matchAll(/E2E_SIMULATOR (\S+) (\S+)/g)].map((m) => [m[1], m[2]]));
        project.provide('simulators', JSON.stringify(simulators));
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      let tail = '';
      try {
        tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      } catch {
        /* no log yet */
      }
      reject(new Error(`cic e2e-server exited (${code}) before it was ready:\n${tail}`));
    });
  });
  project.provide('baseURL', url);
  return async () => {
    await stop(child);
    log.end();
  };
}
