// A second reference for the collab latency figure: Hocuspocus itself, with the settings ours runs
// with (immediate broadcast) and nothing of ours — no authentication, no persistence, no Redis. The
// gap between it and the bare Yjs server is the protocol stack's; the gap between it and ours is
// what our hooks and process add.
import { createServer } from 'node:http';
import { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';

const hocuspocus = new Hocuspocus({ quiet: true, flushDelay: false, unloadImmediately: true });
const http = createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
const wss = new WebSocketServer({ server: http });
wss.on('connection', (ws, req) => {
  const connection = hocuspocus.handleConnection(ws, new Request(`http://localhost${req.url ?? '/'}`));
  ws.on('message', (data: Buffer) => connection.handleMessage(new Uint8Array(data)));
  ws.on('close', (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(http.address() as { port: number }).port}\n`);
});
