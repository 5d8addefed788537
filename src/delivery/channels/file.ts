/**
 * The file channel: each digest written to a folder as Markdown and/or HTML, one file per digest and
 * format. The name is derived from the delivery (subscription, claim time, idempotency key), and the
 * file is written to a temporary name and renamed, so a reader never sees half a digest and a re-send
 * replaces the same file instead of adding a second one.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChannelConfig } from '../schema.js';
import { renderHtml } from '../render-html.js';
import { renderMarkdown } from '../render-text.js';
import { DeliveryError, type ChannelSender, type Outgoing } from './types.js';

type FileChannelConfig = Extract<ChannelConfig, { type: 'file' }>;

/** "default-20220218T0700-3f2a9c1e": sortable, unique per delivery, stable across re-sends. */
export function digestFileStem(outgoing: Outgoing): string {
  const stamp = outgoing.delivery.created.replace(/[-:]/g, '').slice(0, 13);
  return `${outgoing.delivery.subscription}-${stamp}-${outgoing.delivery.key.slice(0, 8)}`;
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, content, 'utf8');
  await rename(temp, file);
}

export function fileChannel(channel: FileChannelConfig, baseDir: string = process.cwd()): ChannelSender {
  const dir = path.resolve(baseDir, channel.dir);
  return {
    async send(outgoing) {
      try {
        await mkdir(dir, { recursive: true });
        const stem = digestFileStem(outgoing);
        const written: string[] = [];
        for (const format of channel.formats) {
          const file = path.join(dir, `${stem}.${format}`);
          await writeAtomically(file, format === 'md' ? renderMarkdown(outgoing.digest) : renderHtml(outgoing.digest));
          written.push(file);
        }
        return written.join(', ');
      } catch (error) {
        throw new DeliveryError(`delivery: cannot write digest to ${dir}: ${(error as Error).message}`, false);
      }
    },
  };
}
