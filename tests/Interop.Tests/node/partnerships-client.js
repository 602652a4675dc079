'use strict';
// A grpc-js client of our real contract: smeplatform.matching.v1.Partnerships, loaded from contracts/protos like any
// other system would. Used by tests/Matching.Tests to call Matching's gRPC port as a non-.NET peer.
// Usage: node partnerships-client.js --target HOST:PORT (--enterprise ID | --need ID) [--token JWT] [--deadline-ms N]
// Prints one JSON line: {"code":0,"answer":{...}} or {"code":N,"details":"..."}; exits 0 either way (1 on usage errors).
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.target || (!args.enterprise && !args.need)) {
  console.error('usage: node partnerships-client.js --target HOST:PORT (--enterprise ID | --need ID) [--token JWT]');
  process.exit(1);
}

const definition = protoLoader.loadSync('matching/v1/partnerships.proto', {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: [path.resolve(__dirname, '../../../contracts/protos')],
});
const { Partnerships } = grpc.loadPackageDefinition(definition).smeplatform.matching.v1;
const client = new Partnerships(args.target, grpc.credentials.createInsecure());
const deadline = new Date(Date.now() + Number(args['deadline-ms'] || 10000));
const metadata = new grpc.Metadata();
if (args.token) metadata.add('authorization', `Bearer ${args.token}`);

const done = (error, answer) => {
  console.log(JSON.stringify(error ? { code: error.code, details: error.details } : { code: 0, answer }));
  client.close();
};
if (args.enterprise) {
  client.ListPartnerships({ enterprise_id: args.enterprise, include_closed: true }, metadata, { deadline }, done);
} else {
  client.GetSuggestions({ need_id: args.need }, metadata, { deadline }, done);
}
