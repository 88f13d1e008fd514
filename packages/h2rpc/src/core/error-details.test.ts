import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, test } from "vitest";
import { Code } from "./code.js";
import type { MessageType } from "./definitions.js";
import { type ErrorDetail, ErrorDetails, type ErrorDetailType, errorDetailType } from "./error-details.js";
import { RpcError } from "./rpc-error.js";

/** Bytes written field by field with the field numbers of googleapis' google/rpc/error_details.proto. */
function wire(build: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  build(w);
  return w.finish();
}
const str = (w: BinaryWriter, field: number, value: string) => w.tag(field, WireType.LengthDelimited).string(value);
const sub = (w: BinaryWriter, field: number, build: (w: BinaryWriter) => void) => {
  w.tag(field, WireType.LengthDelimited).fork();
  build(w);
  w.join();
};
const mapEntry = (w: BinaryWriter, field: number, key: string, value: string) =>
  sub(w, field, (e) => {
    str(e, 1, key);
    str(e, 2, value);
  });

interface Case {
  type: ErrorDetailType<any>;
  typeName: string;
  /** A full message, as decoding returns it. */
  message: unknown;
  /** The same message encoded by hand with upstream field numbers. */
  bytes: Uint8Array;
}

const cases: Case[] = [
  {
    type: ErrorDetails.ErrorInfo,
    typeName: "google.rpc.ErrorInfo",
    message: { reason: "API_DISABLED", domain: "example.com", metadata: { service: "orders", zone: "eu" } },
    bytes: wire((w) => {
      str(w, 1, "API_DISABLED");
      str(w, 2, "example.com");
      mapEntry(w, 3, "service", "orders");
      mapEntry(w, 3, "zone", "eu");
    }),
  },
  {
    type: ErrorDetails.RetryInfo,
    typeName: "google.rpc.RetryInfo",
    message: { retryDelay: { seconds: 2n, nanos: 500_000_000 } },
    bytes: wire((w) =>
      sub(w, 1, (d) => {
        d.tag(1, WireType.Varint).int64(2n);
        d.tag(2, WireType.Varint).int32(500_000_000);
      }),
    ),
  },
  {
    type: ErrorDetails.DebugInfo,
    typeName: "google.rpc.DebugInfo",
    message: { stackEntries: ["at a (a.ts:1)", "at b (b.ts:2)"], detail: "oops" },
    bytes: wire((w) => {
      str(w, 1, "at a (a.ts:1)");
      str(w, 1, "at b (b.ts:2)");
      str(w, 2, "oops");
    }),
  },
  {
    type: ErrorDetails.QuotaFailure,
    typeName: "google.rpc.QuotaFailure",
    message: {
      violations: [
        {
          subject: "project:demo",
          description: "daily limit",
          apiService: "compute.example.com",
          quotaMetric: "compute.example.com/cpus",
          quotaId: "CPUS-per-region",
          quotaDimensions: { region: "eu-west1" },
          quotaValue: 10n,
          futureQuotaValue: 20n,
        },
        {
          subject: "clientip:192.0.2.1",
          description: "",
          apiService: "",
          quotaMetric: "",
          quotaId: "",
          quotaDimensions: {},
          quotaValue: 0n,
        },
      ],
    },
    bytes: wire((w) => {
      sub(w, 1, (v) => {
        str(v, 1, "project:demo");
        str(v, 2, "daily limit");
        str(v, 3, "compute.example.com");
        str(v, 4, "compute.example.com/cpus");
        str(v, 5, "CPUS-per-region");
        mapEntry(v, 6, "region", "eu-west1");
        v.tag(7, WireType.Varint).int64(10n);
        v.tag(8, WireType.Varint).int64(20n);
      });
      sub(w, 1, (v) => str(v, 1, "clientip:192.0.2.1"));
    }),
  },
  {
    type: ErrorDetails.PreconditionFailure,
    typeName: "google.rpc.PreconditionFailure",
    message: { violations: [{ type: "TOS", subject: "example.com/terms", description: "not accepted" }] },
    bytes: wire((w) =>
      sub(w, 1, (v) => {
        str(v, 1, "TOS");
        str(v, 2, "example.com/terms");
        str(v, 3, "not accepted");
      }),
    ),
  },
  {
    type: ErrorDetails.BadRequest,
    typeName: "google.rpc.BadRequest",
    message: {
      fieldViolations: [
        {
          field: "items[0].quantity",
          description: "must be positive",
          reason: "NOT_POSITIVE",
          localizedMessage: { locale: "fr-CH", message: "doit être positif" },
        },
        { field: "name", description: "required", reason: "", localizedMessage: undefined },
      ],
    },
    bytes: wire((w) => {
      sub(w, 1, (v) => {
        str(v, 1, "items[0].quantity");
        str(v, 2, "must be positive");
        str(v, 3, "NOT_POSITIVE");
        sub(v, 4, (m) => {
          str(m, 1, "fr-CH");
          str(m, 2, "doit être positif");
        });
      });
      sub(w, 1, (v) => {
        str(v, 1, "name");
        str(v, 2, "required");
      });
    }),
  },
  {
    type: ErrorDetails.RequestInfo,
    typeName: "google.rpc.RequestInfo",
    message: { requestId: "req-42", servingData: "opaque" },
    bytes: wire((w) => {
      str(w, 1, "req-42");
      str(w, 2, "opaque");
    }),
  },
  {
    type: ErrorDetails.ResourceInfo,
    typeName: "google.rpc.ResourceInfo",
    message: { resourceType: "order", resourceName: "orders/7", owner: "user:ada", description: "needs writer" },
    bytes: wire((w) => {
      str(w, 1, "order");
      str(w, 2, "orders/7");
      str(w, 3, "user:ada");
      str(w, 4, "needs writer");
    }),
  },
  {
    type: ErrorDetails.Help,
    typeName: "google.rpc.Help",
    message: { links: [{ description: "docs", url: "https://example.com/docs" }] },
    bytes: wire((w) =>
      sub(w, 1, (l) => {
        str(l, 1, "docs");
        str(l, 2, "https://example.com/docs");
      }),
    ),
  },
  {
    type: ErrorDetails.LocalizedMessage,
    typeName: "google.rpc.LocalizedMessage",
    message: { locale: "en-US", message: "Out of stock" },
    bytes: wire((w) => {
      str(w, 1, "en-US");
      str(w, 2, "Out of stock");
    }),
  },
];

describe("ErrorDetails: every standard google.rpc type", () => {
  test("covers the ten standard types", () => {
    expect(Object.keys(ErrorDetails).sort()).toEqual(cases.map((c) => c.typeName.slice("google.rpc.".length)).sort());
  });

  test.each(cases)("$typeName: names and type URL", ({ type, typeName }) => {
    expect(type.typeName).toBe(typeName);
    expect(type.typeUrl).toBe(`type.googleapis.com/${typeName}`);
  });

  test.each(cases)("$typeName: pack writes upstream's field numbers", ({ type, message, bytes }) => {
    const detail = type.pack(message as never);
    expect(detail.typeUrl).toBe(type.typeUrl);
    expect(detail.value).toEqual(bytes);
  });

  test.each(cases)("$typeName: unpack reads upstream's field numbers", ({ type, message, bytes }) => {
    expect(type.unpack({ typeUrl: type.typeUrl, value: bytes })).toEqual(message);
  });

  test.each(cases)("$typeName: pack fills defaults from a partial message", ({ type }) => {
    const detail = type.pack({});
    expect(detail.value.length).toBe(0);
    expect(type.unpack(detail)).toEqual(type.unpack({ typeUrl: type.typeUrl, value: new Uint8Array(0) }));
  });

  test.each(cases)("$typeName: unpack of another type is undefined", ({ type }) => {
    const other = type === ErrorDetails.ErrorInfo ? ErrorDetails.Help : ErrorDetails.ErrorInfo;
    const detail = other.pack({});
    expect(type.is(detail)).toBe(false);
    expect(type.unpack(detail)).toBeUndefined();
  });

  test("64-bit fields accept numbers and strings when packing", () => {
    const detail = ErrorDetails.RetryInfo.pack({ retryDelay: { seconds: 3 } });
    expect(ErrorDetails.RetryInfo.unpack(detail)).toEqual({ retryDelay: { seconds: 3n, nanos: 0 } });
    const quota = ErrorDetails.QuotaFailure.pack({ violations: [{ quotaValue: "9007199254740993" }] });
    expect(ErrorDetails.QuotaFailure.unpack(quota)?.violations[0]?.quotaValue).toBe(9007199254740993n);
  });
});

describe("type URLs", () => {
  test("any prefix before the last slash matches (Any allows other hosts)", () => {
    const value = ErrorDetails.ErrorInfo.pack({ reason: "X" }).value;
    for (const typeUrl of [
      "type.googleapis.com/google.rpc.ErrorInfo",
      "example.com/types/google.rpc.ErrorInfo",
      "google.rpc.ErrorInfo",
    ]) {
      expect(ErrorDetails.ErrorInfo.is({ typeUrl, value })).toBe(true);
      expect(ErrorDetails.ErrorInfo.unpack({ typeUrl, value })?.reason).toBe("X");
    }
    for (const typeUrl of ["type.googleapis.com/google.rpc.ErrorInfo2", "type.googleapis.com/ErrorInfo", ""]) {
      expect(ErrorDetails.ErrorInfo.is({ typeUrl, value })).toBe(false);
    }
  });
});

describe("malformed bytes", () => {
  test("unpack throws naming the type", () => {
    const detail = { typeUrl: ErrorDetails.BadRequest.typeUrl, value: new Uint8Array([0x0a, 0x05, 0x01]) };
    expect(() => ErrorDetails.BadRequest.unpack(detail)).toThrow(/Malformed google\.rpc\.BadRequest/);
  });
});

describe("errorDetailType: your own messages", () => {
  interface Conflict {
    version: number;
  }
  const ConflictCodec: MessageType<Conflict> = {
    encode: (m) => ({ finish: () => wire((w) => w.tag(1, WireType.Varint).int32(m.version)) }),
    decode: (bytes) => {
      if (bytes[0] !== 8) throw new Error("bad");
      return { version: bytes[1] ?? 0 };
    },
    fromPartial: (o) => ({ version: (o as Partial<Conflict>).version ?? 0 }),
  };
  const Conflict = errorDetailType("shop.v1.Conflict", ConflictCodec);

  test("packs, unpacks and is found on an RpcError", () => {
    expect(Conflict.typeUrl).toBe("type.googleapis.com/shop.v1.Conflict");
    const error = new RpcError(Code.ABORTED, "changed", { details: [Conflict.pack({ version: 3 })] });
    expect(error.findDetail(Conflict)).toEqual({ version: 3 });
  });
});

describe("RpcError details", () => {
  const unknown: ErrorDetail = { typeUrl: "type.googleapis.com/acme.Secret", value: new Uint8Array([1, 2, 3]) };
  const error = new RpcError(Code.INVALID_ARGUMENT, "bad", {
    details: [
      ErrorDetails.BadRequest.pack({ fieldViolations: [{ field: "a", description: "x" }] }),
      unknown,
      ErrorDetails.ErrorInfo.pack({ reason: "FIRST", domain: "example.com" }),
      { typeUrl: ErrorDetails.ErrorInfo.typeUrl, value: new Uint8Array([0x0a, 0x09]) }, // malformed
      ErrorDetails.ErrorInfo.pack({ reason: "SECOND", domain: "example.com" }),
    ],
  });

  test("findDetail returns the first of a type, decoded; undefined when none", () => {
    expect(error.findDetail(ErrorDetails.ErrorInfo)).toEqual({ reason: "FIRST", domain: "example.com", metadata: {} });
    expect(error.findDetail(ErrorDetails.BadRequest)?.fieldViolations[0]?.field).toBe("a");
    expect(error.findDetail(ErrorDetails.RetryInfo)).toBeUndefined();
    expect(new RpcError(Code.INTERNAL, "x").findDetail(ErrorDetails.ErrorInfo)).toBeUndefined();
  });

  test("findDetails returns every one of a type in order, skipping malformed ones", () => {
    expect(error.findDetails(ErrorDetails.ErrorInfo).map((i) => i.reason)).toEqual(["FIRST", "SECOND"]);
    expect(error.findDetails(ErrorDetails.Help)).toEqual([]);
  });

  test("details of unknown types stay available raw, in order", () => {
    expect(error.details).toHaveLength(5);
    expect(error.details[1]).toBe(unknown);
    expect(error.details.map((d) => d.typeUrl.split(".").pop())).toEqual([
      "BadRequest",
      "Secret",
      "ErrorInfo",
      "ErrorInfo",
      "ErrorInfo",
    ]);
  });

  test("the details list is a frozen copy", () => {
    const list = [unknown];
    const e = new RpcError(Code.INTERNAL, "x", { details: list });
    list.push(unknown);
    expect(e.details).toHaveLength(1);
    expect(Object.isFrozen(e.details)).toBe(true);
    expect(Object.isFrozen(new RpcError(Code.INTERNAL, "x").details)).toBe(true);
  });

  test("entries that are not packed details are refused with a TypeError", () => {
    for (const bad of [
      [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo" }],
      [{ reason: "X" }],
      [{ typeUrl: "x", value: "not bytes" }],
      [null],
      "nope",
    ]) {
      expect(() => new RpcError(Code.INTERNAL, "x", { details: bad as never })).toThrow(TypeError);
    }
    expect(() => new RpcError(Code.INTERNAL, "x", { details: [{ reason: "X" }] as never })).toThrow(
      /details\[0\].*ErrorDetails/,
    );
  });
});
