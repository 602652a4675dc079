'use strict';
// A grpc-js implementation of the interop TestService (interop-test-descriptions.md, "Server"),
// for tests/Interop.Tests to call with our C# client. Usage: node server.js [PORT] (0 = any free port).
// Prints "LISTENING <port>" once bound.
const { once } = require('node:events');
const { grpc, loadTesting, loadHealth } = require('./protos');

const testing = loadTesting();
const health = loadHealth();
const ECHO_INITIAL = 'x-grpc-test-echo-initial';
const ECHO_TRAILING = 'x-grpc-test-echo-trailing-bin';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const payload = (size) => ({ type: 'COMPRESSABLE', body: Buffer.alloc(size) });

// Echo Metadata: the initial value back in headers, the -bin value back in trailers.
function echoInitial(call) {
  const value = call.metadata.get(ECHO_INITIAL);
  if (value.length > 0) {
    const md = new grpc.Metadata();
    md.set(ECHO_INITIAL, value[0]);
    call.sendMetadata(md);
  }
}

function echoTrailing(call) {
  const md = new grpc.Metadata();
  const value = call.metadata.get(ECHO_TRAILING);
  if (value.length > 0) md.set(ECHO_TRAILING, value[0]);
  return md;
}

function statusError(status, trailers) {
  return { code: status.code, details: status.message, metadata: trailers };
}

async function writeAll(call, parameters) {
  for (const p of parameters) {
    if (p.interval_us > 0) await sleep(p.interval_us / 1000);
    if (call.cancelled) return false;
    // Respect back-pressure: 10,000 messages must not all sit in memory.
    if (!call.write({ payload: payload(p.size) })) await once(call, 'drain');
  }
  return true;
}

const service = {
  EmptyCall(call, callback) {
    callback(null, {});
  },

  UnaryCall(call, callback) {
    echoInitial(call);
    const trailers = echoTrailing(call);
    const request = call.request;
    if (request.response_status && request.response_status.code !== 0) {
      callback(statusError(request.response_status, trailers));
      return;
    }
    callback(null, { payload: payload(request.response_size) }, trailers);
  },

  async StreamingOutputCall(call) {
    echoInitial(call);
    const trailers = echoTrailing(call);
    const request = call.request;
    if (request.response_status && request.response_status.code !== 0) {
      call.emit('error', statusError(request.response_status, trailers));
      return;
    }
    if (await writeAll(call, request.response_parameters)) call.end(trailers);
  },

  StreamingInputCall(call, callback) {
    let total = 0;
    call.on('data', (request) => { total += request.payload ? request.payload.body.length : 0; });
    call.on('end', () => callback(null, { aggregated_payload_size: total }));
    call.on('error', () => {});
  },

  FullDuplexCall(call) {
    echoInitial(call);
    const trailers = echoTrailing(call);
    let chain = Promise.resolve(true);
    let failed = false;
    call.on('data', (request) => {
      chain = chain.then(async (ok) => {
        if (!ok || failed) return false;
        if (request.response_status && request.response_status.code !== 0) {
          failed = true;
          call.emit('error', statusError(request.response_status, trailers));
          return false;
        }
        return writeAll(call, request.response_parameters);
      });
    });
    call.on('end', () => chain.then((ok) => { if (ok && !failed) call.end(trailers); }));
    call.on('error', () => {});
  },
  // UnimplementedCall is deliberately missing: grpc-js answers UNIMPLEMENTED.
};

const server = new grpc.Server();
server.addService(testing.TestService.service, service);
server.addService(health.Health.service, {
  Check(call, callback) {
    const known = ['', 'grpc.testing.TestService', 'grpc.health.v1.Health'];
    if (!known.includes(call.request.service)) {
      callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
      return;
    }
    callback(null, { status: 'SERVING' });
  },
});

server.bindAsync(`127.0.0.1:${process.argv[2] || '0'}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    console.error(`bind failed: ${error.message}`);
    process.exit(2);
  }
  console.log(`LISTENING ${port}`);
});

// The test harness closes stdin (or kills us) when done.
process.stdin.on('end', () => server.tryShutdown(() => process.exit(0)));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
