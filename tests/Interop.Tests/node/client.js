'use strict';
// A grpc-js interop client (interop-test-descriptions.md, "Client") that drives our C# server.
// Usage: node client.js --port PORT --case NAME. Prints "PASS NAME" and exits 0, or "FAIL NAME: why" and exits 1.
const assert = require('node:assert/strict');
const { grpc, loadTesting, loadHealth } = require('./protos');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const target = `127.0.0.1:${args.port}`;
const testing = loadTesting();
const health = loadHealth();
const { status: Code } = grpc;
const FOUR_MB = 4 * 1024 * 1024;
const ECHO_INITIAL = 'x-grpc-test-echo-initial';
const ECHO_TRAILING = 'x-grpc-test-echo-trailing-bin';

const insecure = grpc.credentials.createInsecure();
const client = new testing.TestService(target, insecure);
const gzipClient = new testing.TestService(target, insecure, { 'grpc.default_compression_algorithm': 2 });
const payload = (size) => ({ type: 'COMPRESSABLE', body: Buffer.alloc(size) });
const deadline = (ms) => new Date(Date.now() + ms);

// Promisified unary call that also captures initial metadata and the final status.
function unary(stub, method, request, metadata = new grpc.Metadata(), options = {}) {
  return new Promise((resolve) => {
    const result = {};
    const call = stub[method](request, metadata, { deadline: deadline(10000), ...options }, (error, response) => {
      result.error = error;
      result.response = response;
    });
    call.on('metadata', (md) => { result.headers = md; });
    call.on('status', (status) => { result.status = status; resolve(result); });
  });
}

function collect(call) {
  return new Promise((resolve) => {
    const result = { messages: [] };
    call.on('metadata', (md) => { result.headers = md; });
    call.on('data', (m) => result.messages.push(m));
    call.on('error', (e) => { result.error = e; });
    call.on('status', (status) => { result.status = status; resolve(result); });
  });
}

function assertCode(result, code) {
  assert.equal(result.status.code, code, `expected status ${code}, got ${result.status.code} (${result.status.details})`);
}

function echoMetadata() {
  const md = new grpc.Metadata();
  md.set(ECHO_INITIAL, 'test_initial_metadata_value');
  md.set(ECHO_TRAILING, Buffer.from([0xab, 0xab, 0xab]));
  return md;
}

function assertEchoed(result) {
  assert.deepEqual(result.headers.get(ECHO_INITIAL), ['test_initial_metadata_value']);
  const trailing = result.status.metadata.get(ECHO_TRAILING);
  assert.equal(trailing.length, 1, 'trailing -bin metadata missing');
  assert.deepEqual([...trailing[0]], [0xab, 0xab, 0xab]);
}

const large = { response_size: 314159, payload: payload(271828) };

const cases = {
  async empty_unary() {
    const r = await unary(client, 'EmptyCall', {});
    assertCode(r, Code.OK);
    assert.ok(r.response);
  },

  async large_unary() {
    const r = await unary(client, 'UnaryCall', large);
    assertCode(r, Code.OK);
    assert.equal(r.response.payload.body.length, 314159);
    assert.ok(r.response.payload.body.every((b) => b === 0));
  },

  async client_compressed_unary() {
    // The probe: an uncompressed request that claims to be compressed must be refused.
    const probe = await unary(client, 'UnaryCall', { ...large, expect_compressed: { value: true } });
    assertCode(probe, Code.INVALID_ARGUMENT);
    const compressed = await unary(gzipClient, 'UnaryCall', { ...large, expect_compressed: { value: true } });
    assertCode(compressed, Code.OK);
    assert.equal(compressed.response.payload.body.length, 314159);
    const plain = await unary(client, 'UnaryCall', { ...large, expect_compressed: { value: false } });
    assertCode(plain, Code.OK);
    assert.equal(plain.response.payload.body.length, 314159);
  },

  async client_streaming() {
    const result = await new Promise((resolve) => {
      const call = client.StreamingInputCall({ deadline: deadline(10000) }, (error, response) => resolve({ error, response }));
      for (const size of [27182, 8, 1828, 45904]) call.write({ payload: payload(size) });
      call.end();
    });
    assert.ifError(result.error);
    assert.equal(result.response.aggregated_payload_size, 74922);
  },

  async server_streaming() {
    const sizes = [31415, 9, 2653, 58979];
    const r = await collect(client.StreamingOutputCall({ response_parameters: sizes.map((size) => ({ size })) }, { deadline: deadline(10000) }));
    assertCode(r, Code.OK);
    assert.deepEqual(r.messages.map((m) => m.payload.body.length), sizes);
  },

  async server_streaming_10000() {
    const parameters = Array.from({ length: 10000 }, (_, i) => ({ size: i % 100 }));
    const r = await collect(client.StreamingOutputCall({ response_parameters: parameters }, { deadline: deadline(60000) }));
    assertCode(r, Code.OK);
    assert.equal(r.messages.length, 10000);
    r.messages.forEach((m, i) => assert.equal(m.payload.body.length, i % 100));
  },

  async ping_pong() {
    const sizes = [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]];
    const call = client.FullDuplexCall({ deadline: deadline(10000) });
    const received = [];
    const done = collect(call);
    for (const [responseSize, requestSize] of sizes) {
      const next = new Promise((resolve) => call.once('data', resolve));
      call.write({ response_parameters: [{ size: responseSize }], payload: payload(requestSize) });
      received.push((await next).payload.body.length);
    }
    call.end();
    const r = await done;
    assertCode(r, Code.OK);
    assert.deepEqual(received, sizes.map(([s]) => s));
  },

  async empty_stream() {
    const call = client.FullDuplexCall({ deadline: deadline(10000) });
    const done = collect(call);
    call.end();
    const r = await done;
    assertCode(r, Code.OK);
    assert.equal(r.messages.length, 0);
  },

  async custom_metadata() {
    const u = await unary(client, 'UnaryCall', large, echoMetadata());
    assertCode(u, Code.OK);
    assertEchoed(u);
    const call = client.FullDuplexCall(echoMetadata(), { deadline: deadline(10000) });
    const done = collect(call);
    call.write({ response_parameters: [{ size: 314159 }], payload: payload(271828) });
    call.end();
    const d = await done;
    assertCode(d, Code.OK);
    assert.equal(d.messages[0].payload.body.length, 314159);
    assertEchoed(d);
  },

  async status_code_and_message() {
    const status = { code: 2, message: 'test status message' };
    const u = await unary(client, 'UnaryCall', { response_status: status });
    assertCode(u, 2);
    assert.equal(u.status.details, status.message);
    const call = client.FullDuplexCall({ deadline: deadline(10000) });
    const done = collect(call);
    call.write({ response_status: status });
    call.end();
    const d = await done;
    assertCode(d, 2);
    assert.equal(d.status.details, status.message);
  },

  async special_status_message() {
    const message = '\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n';
    const r = await unary(client, 'UnaryCall', { response_status: { code: 2, message } });
    assertCode(r, 2);
    assert.equal(r.status.details, message);
  },

  async status_non_ascii() {
    const message = '企业未找到 ✓ (100% sure)';
    const r = await unary(client, 'UnaryCall', { response_status: { code: Code.NOT_FOUND, message } });
    assertCode(r, Code.NOT_FOUND);
    assert.equal(r.status.details, message);
  },

  async unimplemented_method() {
    const r = await unary(client, 'UnimplementedCall', {});
    assertCode(r, Code.UNIMPLEMENTED);
  },

  async unimplemented_service() {
    const other = new testing.UnimplementedService(target, insecure);
    const r = await unary(other, 'UnimplementedCall', {});
    assertCode(r, Code.UNIMPLEMENTED);
  },

  async cancel_after_begin() {
    const call = client.StreamingInputCall({ deadline: deadline(10000) }, () => {});
    const status = new Promise((resolve) => call.on('status', resolve));
    call.cancel();
    assert.equal((await status).code, Code.CANCELLED);
  },

  async cancel_after_first_response() {
    const call = client.FullDuplexCall({ deadline: deadline(10000) });
    const done = collect(call);
    call.once('data', () => call.cancel());
    call.write({ response_parameters: [{ size: 31415 }], payload: payload(27182) });
    const r = await done;
    assertCode(r, Code.CANCELLED);
    assert.equal(r.messages.length, 1);
  },

  async timeout_on_sleeping_server() {
    // The official case (1 ms), then a deadline long enough to reach the server and be enforced there.
    for (const ms of [1, 300]) {
      const call = client.FullDuplexCall({ deadline: deadline(ms) });
      const done = collect(call);
      call.write({ payload: payload(27182) });
      assertCode(await done, Code.DEADLINE_EXCEEDED);
    }
  },

  async deadline_server_streaming() {
    const started = Date.now();
    // The deadline falls between the first message (at once) and the second (after 5 s). 1.5 s, not less: on a loaded
    // 2-core CI machine the first message of a cold server has been seen to take over 500 ms.
    const call = client.StreamingOutputCall({ response_parameters: [{ size: 10 }, { size: 10, interval_us: 5000000 }] }, { deadline: deadline(1500) });
    const r = await collect(call);
    assertCode(r, Code.DEADLINE_EXCEEDED);
    assert.equal(r.messages.length, 1);
    assert.ok(Date.now() - started < 4000, 'deadline not enforced in time');
  },

  async large_near_limit() {
    const size = FOUR_MB - 64;
    const r = await unary(client, 'UnaryCall', { response_size: size, payload: payload(size) });
    assertCode(r, Code.OK);
    assert.equal(r.response.payload.body.length, size);
  },

  async over_limit_request() {
    const r = await unary(client, 'UnaryCall', { response_size: 1, payload: payload(FOUR_MB + 1) });
    assertCode(r, Code.RESOURCE_EXHAUSTED);
  },

  async over_limit_response() {
    const r = await unary(client, 'UnaryCall', { response_size: FOUR_MB + 1 });
    assertCode(r, Code.RESOURCE_EXHAUSTED);
  },

  async health_check() {
    const stub = new health.Health(target, insecure);
    const check = (service) => new Promise((resolve) => {
      stub.Check({ service }, { deadline: deadline(5000) }, (error, response) => resolve({ error, response }));
    });
    assert.equal((await check('')).response.status, 'SERVING');
    assert.equal((await check('grpc.testing.TestService')).response.status, 'SERVING');
    assert.equal((await check('no.such.Service')).error.code, Code.NOT_FOUND);
  },
};

async function main() {
  const name = args.case;
  if (!cases[name]) {
    console.log(`FAIL ${name}: unknown case; known: ${Object.keys(cases).join(', ')}`);
    process.exit(1);
  }
  try {
    await cases[name]();
    console.log(`PASS ${name}`);
    process.exit(0);
  } catch (error) {
    console.log(`FAIL ${name}: ${error && error.stack ? error.stack : error}`);
    process.exit(1);
  }
}

main();
