import { Code, type MethodDefinition } from "h2rpc";

/** The `grpc_type` label: the call kind, spelled as go-grpc-prometheus does. */
export type GrpcType = "unary" | "client_stream" | "server_stream" | "bidi_stream";

/** The {@link GrpcType} of `method`, from its streaming flags. */
export function grpcType(method: MethodDefinition<unknown, unknown>): GrpcType {
  if (method.requestStream) return method.responseStream ? "bidi_stream" : "client_stream";
  return method.responseStream ? "server_stream" : "unary";
}

/**
 * How the `grpc_code` label spells status codes:
 * - `"go"` (default): as grpc-go's `codes.Code.String()` and so go-grpc-prometheus, e.g. `OK`,
 *   `Canceled`, `DeadlineExceeded`; existing dashboards and alerts written for Go services match.
 * - `"canonical"`: the upper-case names of gRPC's status code list, e.g. `CANCELLED`, `DEADLINE_EXCEEDED`.
 */
export type CodeLabelStyle = "go" | "canonical";

const goNames = [
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
] as const;

const canonicalNames = Object.keys(Code);

/** The `grpc_code` label of `code` in `style`; codes outside 0–16 become `Code(n)` (go) or `CODE_n`. */
export function grpcCodeLabel(code: number, style: CodeLabelStyle = "go"): string {
  if (style === "go") return goNames[code] ?? `Code(${code})`;
  return canonicalNames[code] ?? `CODE_${code}`;
}

/** Every status code from OK (0) to UNAUTHENTICATED (16). */
export const allCodes: readonly Code[] = Object.values(Code);

/** The `grpc_service` and `grpc_method` labels of `method`, from its `:path` (`/package.Service/Method`). */
export function serviceAndMethod(method: MethodDefinition<unknown, unknown>): { service: string; method: string } {
  const path = method.path.startsWith("/") ? method.path.slice(1) : method.path;
  const slash = path.lastIndexOf("/");
  return slash < 0 ? { service: "", method: path } : { service: path.slice(0, slash), method: path.slice(slash + 1) };
}
