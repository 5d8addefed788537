/**
 * Real peers for delivery tests on 127.0.0.1: an SMTP server (smtp-server) that parses what it receives
 * (mailparser) and can hold its reply to DATA (to crash a sender between "sent" and "recorded"), and an
 * HTTP webhook receiver that checks the HMAC signature of every request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpPeer {
  url: string;
  messages: ParsedMail[];
  /** While true, DATA is read and kept but never answered (the sender waits). */
  hold: boolean;
  close(): Promise<void>;
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const peer: SmtpPeer = { url: '', messages: [], hold: false, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          peer.messages.push(mail);
          if (!peer.hold) callback();
        });
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  peer.url = `smtp://127.0.0.1:${port}`;
  peer.close = () => new Promise((resolve) => server.close(() => resolve()));
  return peer;
}

export interface WebhookRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  signatureValid: boolean;
}

export interface WebhookPeer {
  url: string;
  requests: WebhookRequest[];
  /** HTTP status to answer with (default 200). */
  status: number;
  close(): Promise<void>;
}

function validSignature(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers['x-mediamon-timestamp'] ?? '');
  const given = Buffer.from(String(headers['x-mediamon-signature'] ?? ''));
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  return timestamp !== '' && given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startWebhookPeer(secret: string): Promise<WebhookPeer> {
  const peer: WebhookPeer = { url: '', requests: [], status: 200, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      peer.requests.push({ headers: req.headers, body, json: JSON.parse(body) as Record<string, unknown>, signatureValid: validSignature(secret, req.headers, body) });
      res.writeHead(peer.status, { 'content-type': 'text/plain' }).end(peer.status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  peer.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return peer;
}

/** Wait until `condition` holds (checked every 100 ms), or fail after `timeoutMs` saying what was awaited. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Messages with distinct Message-IDs (what a recipient that drops copies keeps). */
export function uniqueByMessageId(messages: ParsedMail[]): ParsedMail[] {
  const seen = new Map<string, ParsedMail>();
  for (const m of messages) if (!seen.has(m.messageId ?? '')) seen.set(m.messageId ?? '', m);
  return [...seen.values()];
}
