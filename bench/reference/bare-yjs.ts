// The reference for the collab figures: a bare Yjs WebSocket server (@y/websocket-server, the
// y-websocket protocol) with nothing of ours — no authentication, no permissions, no persistence,
// no Redis. Documents live in memory for as long as a client has them open.
import { createServer } from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const http = createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
const wss = new WebSocketServer({ server: http });
wss.on('connection', (conn, req) => setupWSConnection(conn, req));
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(http.address() as { port: number }).port}\n`);
});
