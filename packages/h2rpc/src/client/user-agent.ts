/** The `user-agent` h2rpc sends, in the form gRPC implementations use. */
export const userAgent = `grpc-node-h2rpc/0.1.0 node/${process.versions.node}`;
