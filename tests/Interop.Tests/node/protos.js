'use strict';
// Loads the same .proto files the C# side compiles, so both peers agree on the contract.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const loaderOptions = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

function loadTesting() {
  const definition = protoLoader.loadSync('test.proto', {
    ...loaderOptions,
    includeDirs: [path.resolve(__dirname, '../Protos')],
  });
  return grpc.loadPackageDefinition(definition).grpc.testing;
}

function loadHealth() {
  const definition = protoLoader.loadSync('health.proto', {
    ...loaderOptions,
    includeDirs: [__dirname],
  });
  return grpc.loadPackageDefinition(definition).grpc.health.v1;
}

module.exports = { grpc, loadTesting, loadHealth };
