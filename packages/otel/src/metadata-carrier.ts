import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";
import type { Metadata } from "h2rpc";

/**
 * Writes propagation fields (`traceparent`, `tracestate`, `baggage`, ...) into request metadata.
 * A value the metadata refuses (not printable ASCII) is left out rather than failing the call.
 */
export const metadataSetter: TextMapSetter<Metadata> = {
  set(carrier, key, value) {
    try {
      carrier.set(key, value);
    } catch {
      // an invalid propagation value must not break the call
    }
  },
};

/** Reads propagation fields from request metadata (keys are case-insensitive); `-bin` keys are skipped. */
export const metadataGetter: TextMapGetter<Metadata> = {
  keys(carrier) {
    return [...carrier.keys()].filter((k) => !k.endsWith("-bin"));
  },
  get(carrier, key) {
    let values: string[];
    try {
      values = carrier.getAll(key).filter((v): v is string => typeof v === "string");
    } catch {
      return undefined; // a key metadata cannot hold (e.g. reserved grpc-*) is simply absent
    }
    if (values.length === 0) return undefined;
    return values.length === 1 ? values[0] : values;
  },
};
