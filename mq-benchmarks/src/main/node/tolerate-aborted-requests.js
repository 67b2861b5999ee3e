// Loaded into the emulators through NODE_OPTIONS=--require by mq-benchmarks/run.sh for the
// Kinesis benchmark (the emulators inherit the environment). kinesalite throws from a request's 'error' handler when a client closes its
// connection while a request is still being answered (Node reports it as "aborted",
// ECONNRESET), and that uncaught error ends the whole process, taking every stream with it. A
// client that times out or shuts down mid-request is normal; the benchmark must not lose its
// server to it. This keeps the process alive for exactly that error, logs each one (so a run can
// count them), and still ends the process on any other uncaught error.
'use strict';

process.on('uncaughtException', (err) => {
  if (err && err.code === 'ECONNRESET' && err.message === 'aborted') {
    console.error(new Date().toISOString() + ' mq-benchmarks: a client aborted a request; ignored');
    return;
  }
  console.error(err);
  process.exit(1);
});
