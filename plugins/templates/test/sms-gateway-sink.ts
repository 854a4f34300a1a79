import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayCall {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A local HTTP SMS gateway that keeps each call; it may refuse the next few or answer without confirming. */
export async function startSmsGatewaySink() {
  const calls: GatewayCall[] = [];
  let refuseNext = 0;
  let answer = '{"status":"accepted"}';
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer(async (req, res) => {
    const body = await read(req);
    if (refuseNext > 0) {
      refuseNext--;
      res.writeHead(503).end('{"status":"busy"}');
      return;
    }
    calls.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    refuse(count: number) {
      refuseNext = count;
    },
    answerWith(text: string) {
      answer = text;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
