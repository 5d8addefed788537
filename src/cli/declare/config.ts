/** `mediamon config check`, run by src/cli/commands/config.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/config.js');

export function registerConfig(program: Command): void {
  const config = program.command('config').description('the config folder');
  config.command('check').description('validate every config file').action(lazy(load, (m) => m.configCheckCommand));
}
