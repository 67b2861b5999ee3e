// Loaded with `node -r` before an emulator starts. kinesis-local has no host option and
// listens on every interface; this forces every server socket onto 127.0.0.1 so that a test
// run never exposes an emulator to the network.
'use strict';
const net = require('net');

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    // listen({ port, host, ... }): a path (unix socket) or handle is left alone.
    if (first.path === undefined && first.handle === undefined && first._handle === undefined
        && first.fd === undefined) {
      args[0] = Object.assign({}, first, { host: LOOPBACK });
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] === 'string') {
      args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  } else if (first === undefined || typeof first === 'function') {
    // listen() or listen(callback): an ephemeral port on every interface otherwise.
    args.unshift(0, LOOPBACK);
  }
  return originalListen.apply(this, args);
};
