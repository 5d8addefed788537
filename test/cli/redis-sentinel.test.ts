/**
 * Redis behind Sentinel: REDIS_URL=redis-sentinel://host:port/<master> makes every process ask the
 * sentinels for the primary. Tested with a real redis-server and a real sentinel on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sentinelOptions } from '../../src/pipeline/redis-url.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { SEED_RULES, seedRoutes } from '../pipeline/seed-fixture.js';
import { freePort, portAnswers, until } from '../helpers/wait.js';

describe('sentinel URLs', () => {
  it('parses hosts, master name, password and database', () => {
    expect(sentinelOptions('redis-sentinel://:s3cret@10.0.0.1:26379,10.0.0.2/mymaster?db=2')).toEqual({
      sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }],
      name: 'mymaster',
      password: 's3cret',
      db: 2,
    });
    expect(() => sentinelOptions('redis-sentinel://10.0.0.1:26379')).toThrow(/redis: not a sentinel URL/);
  });
});

describe('mediamon run against Redis behind a sentinel', () => {
  const e2e = useE2E({ routes: seedRoutes, feeds: (url) => [{ id: 'fixture-world', url: `${url}/feed.xml` }] });
  const children: ChildProcess[] = [];
  e2e.onClose(() => {
    for (const child of children) child.kill('SIGKILL');
  });
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const redisPort = await freePort();
    const sentinelPort = await freePort();
    children.push(spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', e2e.dir], { stdio: 'ignore' }));
    await until(() => portAnswers(redisPort), `redis-server on ${redisPort}`, 10_000);
    const conf = path.join(e2e.dir, 'sentinel.conf');
    writeFileSync(conf, [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${e2e.dir}`, `sentinel monitor primary 127.0.0.1 ${redisPort} 1`, ''].join('\n'));
    children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    await until(() => portAnswers(sentinelPort), `sentinel on ${sentinelPort}`, 10_000);
    env = { ...e2e.env, REDIS_URL: `redis-sentinel://127.0.0.1:${sentinelPort}/primary` };
  });

  it('finds the primary through the sentinel and raises the alerts', async () => {
    const run = await runCli(['run', '--once'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 new articles/);
    const alerts = jsonLines<{ rule: string }>((await runCli(['alerts', 'list', '--json'], env)).stdout);
    expect(alerts.map((a) => a.rule)).toEqual(expect.arrayContaining(SEED_RULES));
  });
});
