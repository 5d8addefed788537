/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked by reading it: the services
 * the issue asks for, Redis append-only, every mediamon service's command accepted by the real
 * commander program, every environment variable one mediamon knows (src/settings/env.ts), and worker
 * services that can be scaled.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { isKnownEnv } from '../../src/settings/env.js';
import { STAGES } from '../../src/queues/index.js';
import { REPO_ROOT } from '../helpers/services.js';

interface Service {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  container_name?: string;
  stop_grace_period?: string;
}

const compose = YAML.parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const mediamonServices = Object.entries(services).filter(([, s]) => (s.entrypoint ?? []).join(' ').includes('mediamon'));

/** Parse argv with the real program, every action replaced by a recorder: which command it reached, or the error. */
async function resolveCommand(argv: string[]): Promise<string> {
  const program = buildProgram();
  let reached = '';
  const stub = (command: Command, trail: string[]) => {
    const name = [...trail, command.name()];
    command.action(() => void (reached = name.slice(1).join(' ')));
    command.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    command.commands.forEach((sub) => stub(sub, name));
  };
  program.commands.forEach((sub) => stub(sub, [program.name()]));
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(argv, { from: 'user' });
  return reached;
}

describe('docker-compose.yml', () => {
  it('has Redis (append-only), PostgreSQL, a mail catcher, the server and one service per worker stage', () => {
    for (const name of ['redis', 'postgres', 'mailpit', 'serve', ...STAGES]) expect(services[name], name).toBeDefined();
    expect(services.redis!.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(services.mailpit!.image).toMatch(/mailpit/);
    for (const stage of STAGES) expect(services[stage]!.command).toEqual(['worker', stage]);
  });

  it('runs only real mediamon commands', async () => {
    const expected: Record<string, string> = { setup: 'config check', poll: 'worker', fetch: 'worker', analyze: 'worker', deliver: 'worker', serve: 'serve' };
    expect(mediamonServices.map(([name]) => name).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, service] of mediamonServices) {
      expect(service.command, name).toBeDefined();
      expect(await resolveCommand(service.command!), `${name}: ${service.command!.join(' ')}`).toBe(expected[name]);
    }
  });

  it('would catch a command or option that does not exist', async () => {
    await expect(resolveCommand(['worker', 'fetch', '--concurency', '2'])).rejects.toThrow(/unknown option/);
    await expect(resolveCommand(['serv'])).rejects.toThrow(/unknown command/);
  });

  it('sets only environment variables mediamon knows', () => {
    for (const [name, service] of mediamonServices) {
      const unknown = Object.keys(service.environment ?? {}).filter((key) => !isKnownEnv(key));
      expect(unknown, name).toEqual([]);
    }
    expect(Object.keys(services.serve!.environment!)).toEqual(expect.arrayContaining(['MEDIAMON_TOKEN', 'DATABASE_URL', 'REDIS_URL']));
    expect(services.serve!.command).toEqual(expect.arrayContaining(['--host', '0.0.0.0']));
  });

  it('lets worker stages scale: no fixed container names or host ports, and time to finish jobs on stop', () => {
    for (const stage of STAGES) {
      const service = services[stage]!;
      expect(service.container_name).toBeUndefined();
      expect(service.ports).toBeUndefined();
      expect(Number.parseInt(service.stop_grace_period ?? '10s', 10)).toBeGreaterThanOrEqual(25);
    }
  });
});
