'use strict';
// A grpc-js client of our real contract: smeplatform.onestop.v1.EnterpriseDirectory/GetEnterprise, loaded from
// contracts/protos like any partner system would. Used by tests/Platform.Tests to call through the gateway's gRPC port.
// Usage: node directory-client.js --target HOST:PORT (--id ID | --uscc CODE) [--deadline-ms N] [--token JWT]
// Prints one JSON line: {"code":0,"enterprise":{...}} or {"code":N,"details":"..."}; exits 0 either way (1 on usage errors).
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.target || (!args.id && !args.uscc)) {
  console.error('usage: node directory-client.js --target HOST:PORT (--id ID | --uscc CODE) [--deadline-ms N]');
  process.exit(1);
}

const definition = protoLoader.loadSync('onestop/v1/enterprise_directory.proto', {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: [path.resolve(__dirname, '../../../contracts/protos')],
});
const { EnterpriseDirectory } = grpc.loadPackageDefinition(definition).smeplatform.onestop.v1;
const client = new EnterpriseDirectory(args.target, grpc.credentials.createInsecure());
const request = args.id ? { id: args.id } : { uscc: args.uscc };
const deadline = new Date(Date.now() + Number(args['deadline-ms'] || 10000));

const metadata = new grpc.Metadata();
if (args.token) metadata.add('authorization', `Bearer ${args.token}`);

client.GetEnterprise(request, metadata, { deadline }, (error, enterprise) => {
  console.log(JSON.stringify(error ? { code: error.code, details: error.details } : { code: 0, enterprise }));
  client.close();
});
