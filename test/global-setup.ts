/**
 * Before the suite: make sure the real services the tests talk to are up. A Redis or PostgreSQL that is
 * installed but stopped is started (as .ci/run does); one that is missing fails the run at once with
 * how to get it, instead of a hundred confusing timeouts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import net from 'node:net';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function waitFor(port: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (await answers(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function installed(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

async function ensureRedis(): Promise<void> {
  if (await answers(6379)) return;
  if (!installed('redis-server')) throw new Error('tests: nothing answers on 127.0.0.1:6379 and redis-server is not installed (apt-get install redis-server, or run bash .ci/run)');
  execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', '/tmp']);
  if (!(await waitFor(6379))) throw new Error('tests: started redis-server but it does not answer on 127.0.0.1:6379');
}

async function ensurePostgres(): Promise<void> {
  if (await answers(5432)) return;
  let versions: string[] = [];
  try {
    versions = readdirSync('/etc/postgresql');
  } catch {
    /* not installed */
  }
  if (versions.length === 0) throw new Error('tests: nothing answers on 127.0.0.1:5432 and PostgreSQL is not installed (run bash .ci/run)');
  spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0]!, 'main', 'start'], { stdio: 'ignore' });
  if (!(await waitFor(5432))) throw new Error('tests: PostgreSQL is installed but does not answer on 127.0.0.1:5432');
}

export default async function setup(): Promise<void> {
  if (process.env.TEST_REDIS_URL === undefined) await ensureRedis();
  if (process.env.TEST_PG_URL === undefined) await ensurePostgres();
}
