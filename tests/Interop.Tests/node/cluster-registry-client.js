'use strict';
// A grpc-js client of our real contract: smeplatform.stats.v1.ClusterRegistry, loaded from contracts/protos like any
// other system would. Used by tests/ClusterStats.Tests to call ClusterStats' gRPC port as a non-.NET peer.
// Usage: node cluster-registry-client.js --target HOST:PORT (--enterprise ID [--as-of yyyy-MM-dd] | --list DAY|today) [--token JWT]
// Prints one JSON line: {"code":0,"answer":{...}} or {"code":N,"details":"..."}; exits 0 either way (1 on usage errors).
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.target || (!args.enterprise && !args.list)) {
  console.error('usage: node cluster-registry-client.js --target HOST:PORT (--enterprise ID [--as-of DAY] | --list DAY|today) [--token JWT]');
  process.exit(1);
}

const definition = protoLoader.loadSync('stats/v1/cluster_registry.proto', {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: [path.resolve(__dirname, '../../../contracts/protos')],
});
const { ClusterRegistry } = grpc.loadPackageDefinition(definition).smeplatform.stats.v1;
const client = new ClusterRegistry(args.target, grpc.credentials.createInsecure());
const deadline = new Date(Date.now() + Number(args['deadline-ms'] || 10000));
const metadata = new grpc.Metadata();
if (args.token) metadata.add('authorization', `Bearer ${args.token}`);

const done = (error, answer) => {
  console.log(JSON.stringify(error ? { code: error.code, details: error.details } : { code: 0, answer }));
  client.close();
};
if (args.enterprise) {
  client.GetEnterpriseClusters({ enterprise_id: args.enterprise, as_of: args['as-of'] || '' }, metadata, { deadline }, done);
} else {
  client.ListClusters({ in_force_on: args.list === 'today' ? '' : args.list }, metadata, { deadline }, done);
}
