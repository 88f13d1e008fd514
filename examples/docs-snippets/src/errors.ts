// Samples of docs/errors.md. errors.test.ts runs them against a loopback server.
import {
  type Channel,
  Code,
  createServer,
  ErrorDetails,
  errorDetailType,
  Metadata,
  RpcError,
  type Server,
} from "h2rpc";
import { createInventoryClient, type InventoryServer, InventoryService } from "./gen/inventory/v1/inventory.h2rpc.js";
import { OutOfStock, type Stock } from "./gen/inventory/v1/inventory.js";

// #region custom-detail
/** Packs and finds inventory.v1.OutOfStock details, like the google.rpc ones in ErrorDetails. */
export const OutOfStockDetail = errorDetailType("inventory.v1.OutOfStock", OutOfStock);
// #endregion

/** An inventory whose errors show every kind of status a handler can send. */
export const strictInventory: InventoryServer = {
  getStock(request) {
    // #region throw-status
    if (request.sku === "") {
      throw new RpcError(Code.INVALID_ARGUMENT, "sku is required");
    }
    if (!request.sku.startsWith("sku-")) {
      // trailing metadata goes with the status
      throw new RpcError(Code.NOT_FOUND, `no item ${request.sku}`, {
        metadata: new Metadata({ "x-catalog-version": "42" }),
      });
    }
    // #endregion
    if (request.sku === "sku-0") {
      // #region rich-server
      throw new RpcError(Code.FAILED_PRECONDITION, `sku-0 is out of stock`, {
        details: [
          ErrorDetails.ErrorInfo.pack({
            reason: "OUT_OF_STOCK",
            domain: "inventory.example.com",
            metadata: { sku: "sku-0" },
          }),
          ErrorDetails.RetryInfo.pack({ retryDelay: { seconds: 30 } }), // 64-bit fields accept numbers
          ErrorDetails.Help.pack({ links: [{ description: "Restocking", url: "https://example.com/restock" }] }),
          OutOfStockDetail.pack({ sku: "sku-0", available: 0 }),
        ],
      });
      // #endregion
    }
    if (request.sku === "sku-bug") {
      // #region unexpected
      // Any other exception: the client gets UNKNOWN "Unexpected error in the server handler",
      // the error itself goes to the server's onHandlerError (console.error by default)
      JSON.parse("{ not json");
      // #endregion
    }
    const stock: Partial<Stock> = { sku: request.sku, quantity: 5n };
    return stock;
  },
  watchStock() {
    throw new RpcError(Code.UNIMPLEMENTED, "watchStock is not implemented here");
  },
};

/** Starts `strictInventory` with a handler-error hook that logs unexpected exceptions. */
export async function startStrictInventory(): Promise<{ server: Server; port: number }> {
  // #region on-handler-error
  const server = createServer({
    onHandlerError(error, context) {
      // a handler threw something that is not an RpcError; the client only saw UNKNOWN
      console.error(`${context.method.path} from ${context.peer} failed:`, error);
    },
  }).add(InventoryService, strictInventory);
  // #endregion
  return { server, port: await server.listen("127.0.0.1:0") };
}

// #region catch-status
/** Asks for `sku` and describes the outcome in one line. */
export async function describeOutcome(channel: Channel, sku: string): Promise<string> {
  const inventory = createInventoryClient(channel);
  try {
    const stock = await inventory.getStock({ sku }, { timeoutMs: 1000 });
    return `${stock.quantity} left`;
  } catch (e) {
    if (!(e instanceof RpcError)) throw e; // not a call failure: a bug of ours
    switch (e.code) {
      case Code.NOT_FOUND:
        return `unknown item (catalog ${e.metadata.getString("x-catalog-version")})`; // trailing metadata
      case Code.INVALID_ARGUMENT:
        return `bad request: ${e.rawMessage}`; // the message as sent; e.message is "INVALID_ARGUMENT: ..."
      case Code.UNAVAILABLE:
      case Code.DEADLINE_EXCEEDED:
        return "try again later";
      default:
        return `${e.codeName}: ${e.rawMessage}`;
    }
  }
}
// #endregion

// #region rich-client
/** Asks for an item; when that fails, explains why from the error's details. */
export async function explainFailure(channel: Channel, sku: string): Promise<string> {
  const inventory = createInventoryClient(channel);
  try {
    const stock = await inventory.getStock({ sku });
    return `${stock.quantity} in stock`;
  } catch (e) {
    if (!(e instanceof RpcError)) throw e;
    const info = e.findDetail(ErrorDetails.ErrorInfo); // ErrorInfo | undefined
    const retryAfter = e.findDetail(ErrorDetails.RetryInfo)?.retryDelay; // { seconds: bigint, nanos: number }
    const links = e.findDetails(ErrorDetails.Help).flatMap((help) => help.links);
    const outOfStock = e.findDetail(OutOfStockDetail); // OutOfStock | undefined
    const types = e.details.map((d) => d.typeUrl); // every detail, in order, known types or not
    return `${info?.reason}: ${outOfStock?.available} left, retry in ${retryAfter?.seconds} s, see ${links[0]?.url} (${types.join(", ")})`;
  }
}
// #endregion
