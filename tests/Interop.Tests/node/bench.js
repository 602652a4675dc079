'use strict';
// The grpc-js side of tests/Benchmarks --scenario grpc: a server and a closed-loop client, each its own process,
// on our real contract (smeplatform.onestop.v1.EnterpriseDirectory), answering fixed data (no database).
//   node bench.js server                                  prints "LISTENING <port>", serves until stdin closes
//   node bench.js unary --target H:P --requests N --concurrency C   prints {"perSecond":..,"p50Ms":..,"p99Ms":..,"failures":..}
//   node bench.js stream --target H:P --messages N         prints {"messagesPerSecond":..,"messages":..}
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [mode, ...rest] = process.argv.slice(2);
const args = Object.fromEntries(rest.reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const definition = protoLoader.loadSync('onestop/v1/enterprise_directory.proto', {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: [path.resolve(__dirname, '../../../contracts/protos')],
});
const { EnterpriseDirectory } = grpc.loadPackageDefinition(definition).smeplatform.onestop.v1;

// The same enterprise the C# benchmark serves.
const enterprise = {
  id: '01932c5e-7a4b-7c3d-9a52-3f4e5d6c7b8a', uscc: '91210102MA0000001D', name: '沈阳和平精密仪器有限公司', ward: 'heping',
  industry_code: 'C4011', employees: 85, annual_revenue: { units: '32000000', nanos: 0 }, total_assets: { units: '21000000', nanos: 500000000 },
  currency: 'CNY', registered_at: { seconds: '1795000000', nanos: 0 },
};

function percentile(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]; }

if (mode === 'server') {
  const server = new grpc.Server();
  server.addService(EnterpriseDirectory.service, {
    GetEnterprise: (call, callback) => callback(null, enterprise),
    ListEnterprises: (call) => {
      const total = call.request.page_size;
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent++;
          if (!call.write(enterprise)) { call.once('drain', pump); return; }
        }
        call.end();
      };
      pump();
    },
  });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) { console.error(error); process.exit(1); }
    console.log(`LISTENING ${port}`);
  });
  process.stdin.on('end', () => server.tryShutdown(() => process.exit(0)));
  process.stdin.resume();
} else if (mode === 'unary') {
  const client = new EnterpriseDirectory(args.target, grpc.credentials.createInsecure());
  const requests = Number(args.requests);
  const concurrency = Number(args.concurrency);
  const latencies = new Array(requests);
  let next = 0; let failures = 0;
  const started = process.hrtime.bigint();
  const worker = () => new Promise((resolve) => {
    const one = () => {
      const i = next++;
      if (i >= requests) { resolve(); return; }
      const t0 = process.hrtime.bigint();
      client.GetEnterprise({ id: enterprise.id }, { deadline: new Date(Date.now() + 30000) }, (error) => {
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        if (error) failures++;
        one();
      });
    };
    one();
  });
  Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    console.log(JSON.stringify({ perSecond: requests / seconds, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), failures }));
    client.close();
  });
} else if (mode === 'stream') {
  const client = new EnterpriseDirectory(args.target, grpc.credentials.createInsecure());
  const messages = Number(args.messages);
  let received = 0;
  const started = process.hrtime.bigint();
  const call = client.ListEnterprises({ page_size: messages }, { deadline: new Date(Date.now() + 120000) });
  call.on('data', () => { received++; });
  call.on('status', (status) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(JSON.stringify({ messagesPerSecond: received / seconds, messages: received, code: status.code }));
    client.close();
  });
  call.on('error', () => {});
} else {
  console.error('usage: node bench.js server | unary --target H:P --requests N --concurrency C | stream --target H:P --messages N');
  process.exit(1);
}
