import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { type CallOptions, type Channel, Code, createClient, RpcError } from "h2rpc";
import * as v1 from "../gen/grpc/reflection/v1/reflection.h2rpc.js";
import type { ServerReflectionRequest, ServerReflectionResponse } from "../gen/grpc/reflection/v1/reflection.js";
import * as v1alpha from "../gen/grpc/reflection/v1alpha/reflection.h2rpc.js";
import { AsyncQueue } from "./async-queue.js";

/** Options of {@link createReflectionClient}. */
export interface ReflectionClientOptions {
  /** Options of the reflection stream: metadata, deadline, signal... */
  callOptions?: CallOptions;
  /** The `host` sent in each request. Default empty. */
  host?: string;
}

/** Asks a server's reflection service; see {@link createReflectionClient}. */
export interface ReflectionClient {
  /** The full names of the server's services, as it lists them. */
  listServices(): Promise<string[]>;
  /** The serialized FileDescriptorProtos answering file_containing_symbol: the file, then dependencies. */
  fileContainingSymbol(symbol: string): Promise<Uint8Array[]>;
  /** The serialized FileDescriptorProtos answering file_by_filename. */
  fileByFilename(name: string): Promise<Uint8Array[]>;
  /**
   * The file declaring `symbol` and every file it needs, transitively, asking again by file
   * name for dependencies the server left out of its answers.
   */
  filesForSymbol(symbol: string): Promise<Uint8Array[]>;
  /** Ends the reflection stream. */
  close(): void;
}

type Version = "v1" | "v1alpha";
type Exchange = (request: ServerReflectionRequest) => Promise<ServerReflectionResponse>;

/**
 * A client of gRPC server reflection on `channel`: one stream carries every question, in
 * order. It speaks `grpc.reflection.v1` and falls back to `v1alpha` when the server does not
 * implement v1 (as grpcurl does). A question the server answers with an error_response
 * rejects with an {@link RpcError} of that code (NOT_FOUND for an unknown symbol).
 */
export function createReflectionClient(channel: Channel, options: ReflectionClientOptions = {}): ReflectionClient {
  const host = options.host ?? "";
  let version: Version = "v1";
  let stream: { exchange: Exchange; close(): void } | undefined;
  let answered = false;
  let tail: Promise<unknown> = Promise.resolve();

  const ask = async (messageRequest: ServerReflectionRequest["messageRequest"]): Promise<ServerReflectionResponse> => {
    const request: ServerReflectionRequest = { host, messageRequest };
    for (;;) {
      stream ??= openStream(channel, version, options.callOptions);
      try {
        const response = await stream.exchange(request);
        answered = true;
        const answer = response.messageResponse;
        if (answer?.$case === "errorResponse") {
          throw new RpcError(answer.value.errorCode as Code, answer.value.errorMessage);
        }
        return response;
      } catch (error) {
        const unimplemented = error instanceof RpcError && error.code === Code.UNIMPLEMENTED && !answered;
        if (!unimplemented || version === "v1alpha" || stream === undefined) throw error;
        stream.close();
        stream = undefined;
        version = "v1alpha";
      }
    }
  };
  // One question at a time: answers come back in order on the one stream.
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };
  const files = async (messageRequest: ServerReflectionRequest["messageRequest"]) => {
    const answer = (await serial(() => ask(messageRequest))).messageResponse;
    if (answer?.$case !== "fileDescriptorResponse") throw unexpected(answer?.$case);
    return answer.value.fileDescriptorProto;
  };
  const client: ReflectionClient = {
    async listServices() {
      const answer = (await serial(() => ask({ $case: "listServices", value: "" }))).messageResponse;
      if (answer?.$case !== "listServicesResponse") throw unexpected(answer?.$case);
      return answer.value.service.map((s) => s.name);
    },
    fileContainingSymbol: (symbol) => files({ $case: "fileContainingSymbol", value: symbol }),
    fileByFilename: (name) => files({ $case: "fileByFilename", value: name }),
    async filesForSymbol(symbol) {
      const byName = new Map<string, Uint8Array>();
      const wanted: string[] = [];
      const add = (descriptors: Uint8Array[]) => {
        for (const bytes of descriptors) {
          const proto = fromBinary(FileDescriptorProtoSchema, bytes);
          if (byName.has(proto.name)) continue;
          byName.set(proto.name, bytes);
          wanted.push(...proto.dependency);
        }
      };
      add(await client.fileContainingSymbol(symbol));
      for (let name = wanted.shift(); name !== undefined; name = wanted.shift()) {
        if (!byName.has(name)) add(await client.fileByFilename(name));
      }
      return [...byName.values()];
    },
    close() {
      stream?.close();
      stream = undefined;
    },
  };
  return client;
}

function openStream(channel: Channel, version: Version, callOptions: CallOptions | undefined) {
  const service = version === "v1" ? v1.ServerReflectionService : v1alpha.ServerReflectionService;
  const requests = new AsyncQueue<ServerReflectionRequest>();
  const responses = createClient(service, channel).serverReflectionInfo(requests, callOptions)[Symbol.asyncIterator]();
  return {
    async exchange(request: ServerReflectionRequest): Promise<ServerReflectionResponse> {
      requests.push(request);
      const next = await responses.next();
      if (next.done) throw new RpcError(Code.INTERNAL, "the reflection stream ended without an answer");
      return next.value;
    },
    close() {
      requests.end();
      void responses.return?.();
    },
  };
}

function unexpected(kind: string | undefined): RpcError {
  return new RpcError(Code.INTERNAL, `unexpected reflection answer: ${kind ?? "none"}`);
}
