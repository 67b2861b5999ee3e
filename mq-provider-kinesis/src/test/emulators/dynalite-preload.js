// Loaded with `node -r` before dynalite starts (after loopback-preload.js). dynalite throws from
// a request's 'error' handler when a client goes away mid-request (ECONNRESET "aborted"), which
// ends the whole process; tests kill clients (SIGKILL) on purpose, so that one error is ignored.
'use strict';

process.on('uncaughtException', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.message === 'aborted')) {
    console.error('dynalite: a client went away mid-request (ignored): ' + err.message);
    return;
  }
  console.error(err);
  process.exit(1);
});
