'use strict';
// A grpc-js client of smeplatform.guarantee.v1.BankApplications/WatchApplication, loaded from contracts/protos as a
// partner bank would. Used by tests/CreditGuarantee.Tests (Notifications/GrpcJsWatchTests.cs).
// Usage: node bank-watch-client.js --target HOST:PORT --id ID --token JWT [--deadline-ms N]
// Prints one JSON line per message as it arrives ({"message":{...}}), then {"code":N,"details":"..."} when the call ends.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.target || !args.id || !args.token) {
  console.error('usage: node bank-watch-client.js --target HOST:PORT --id ID --token JWT [--deadline-ms N]');
  process.exit(1);
}

const definition = protoLoader.loadSync('guarantee/v1/bank_applications.proto', {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: [path.resolve(__dirname, '../../../contracts/protos')],
});
const { BankApplications } = grpc.loadPackageDefinition(definition).smeplatform.guarantee.v1;
const client = new BankApplications(args.target, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
metadata.add('authorization', `Bearer ${args.token}`);
const deadline = new Date(Date.now() + Number(args['deadline-ms'] || 30000));

const call = client.WatchApplication({ id: args.id }, metadata, { deadline });
call.on('data', (message) => console.log(JSON.stringify({ message })));
call.on('error', (error) => {
  console.log(JSON.stringify({ code: error.code, details: error.details }));
  client.close();
});
call.on('status', (status) => {
  if (status.code === 0) {
    console.log(JSON.stringify({ code: 0, details: status.details }));
    client.close();
  }
});
