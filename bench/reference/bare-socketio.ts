// The reference for the fan-out figure: a bare Socket.IO server with nothing of ours (no sessions,
// no rooms per role, no domain events). POST /emit broadcasts one message stamped with the send time.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/emit') {
    io.emit('domain:event', { name: 'reference', data: {}, at: new Date().toISOString() });
    res.end('ok');
    return;
  }
  res.statusCode = 404;
  res.end();
});
const io = new Server(http, { serveClient: false });
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(http.address() as { port: number }).port}\n`);
});
