import { Code, RpcError } from "h2rpc";
import type { DescriptorPool } from "../descriptors/descriptor-pool.js";
import type { ServerReflectionRequest, ServerReflectionResponse } from "../gen/grpc/reflection/v1/reflection.js";

/** What {@link answerRequest} needs: the descriptors, and the services to list. */
export interface ReflectionSource {
  /** The descriptors served. */
  readonly pool: DescriptorPool;
  /** The fully-qualified names answered to list_services, in the order to send them. */
  listServices(): readonly string[];
}

type MessageResponse = ServerReflectionResponse["messageResponse"];

/**
 * The response to one reflection request, as grpc-go answers it: files with their transitive
 * dependencies (each once), extension numbers, the service list, or an error_response
 * (NOT_FOUND) for an unknown file, symbol, extension or type.
 * @throws {RpcError} INVALID_ARGUMENT when the request sets none of message_request (the
 *   stream ends, as in grpc-go).
 */
export function answerRequest(request: ServerReflectionRequest, source: ReflectionSource): ServerReflectionResponse {
  return { validHost: request.host, originalRequest: request, messageResponse: messageResponse(request, source) };
}

function messageResponse(request: ServerReflectionRequest, { pool, listServices }: ReflectionSource): MessageResponse {
  const asked = request.messageRequest;
  switch (asked?.$case) {
    case "fileByFilename":
      return files(pool.withDependencies(asked.value), `file "${asked.value}" not found`);
    case "fileContainingSymbol": {
      const location = pool.findSymbol(asked.value);
      return files(
        location === undefined ? undefined : pool.withDependencies(location.file),
        `symbol "${asked.value}" not found`,
      );
    }
    case "fileContainingExtension": {
      const { containingType, extensionNumber } = asked.value;
      const file = pool.findExtension(containingType, extensionNumber);
      return files(
        file === undefined ? undefined : pool.withDependencies(file),
        `extension ${extensionNumber} of "${containingType}" not found`,
      );
    }
    case "allExtensionNumbersOfType": {
      const numbers = pool.extensionNumbers(asked.value);
      if (numbers === undefined) return notFound(`message type "${asked.value}" not found`);
      return {
        $case: "allExtensionNumbersResponse",
        value: { baseTypeName: asked.value, extensionNumber: numbers },
      };
    }
    case "listServices":
      return {
        $case: "listServicesResponse",
        value: { service: listServices().map((name) => ({ name })) },
      };
    default:
      throw new RpcError(Code.INVALID_ARGUMENT, "invalid reflection request: message_request is not set");
  }
}

function files(descriptors: Uint8Array[] | undefined, missing: string): MessageResponse {
  if (descriptors === undefined) return notFound(missing);
  return { $case: "fileDescriptorResponse", value: { fileDescriptorProto: descriptors } };
}

function notFound(message: string): MessageResponse {
  return { $case: "errorResponse", value: { errorCode: Code.NOT_FOUND, errorMessage: message } };
}
