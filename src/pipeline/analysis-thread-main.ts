/**
 * The body of an analysis thread (see analysis-threads.ts): builds the analyzer from the config it is
 * sent (again only when the config changes) and analyses one document per message.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeDocument, createAnalyzer, type Analyzer } from './analyze.js';
import type { ThreadRequest, ThreadReply } from './analysis-threads.js';

let current: { version: number; analyzer: Analyzer } | null = null;

parentPort?.on('message', (msg: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    if (msg.source !== undefined) current = { version: msg.version, analyzer: createAnalyzer(msg.source) };
    if (current === null || current.version !== msg.version) throw new Error(`analyze: thread has no analyzer for config version ${msg.version}`);
    reply = { id: msg.id, result: analyzeDocument(current.analyzer, msg.input) };
  } catch (err) {
    reply = { id: msg.id, error: (err as Error).message };
  }
  parentPort?.postMessage(reply);
});
