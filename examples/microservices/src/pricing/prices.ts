/** List prices in cents, by SKU: the products the market moves. */
export const listPrices: Readonly<Record<string, number>> = {
  "TEA-001": 1250,
  "TEA-002": 1890,
  "TEA-003": 2400,
  "WARE-001": 4500,
  "WARE-002": 2200,
};

/** Auction lots: the hammer price in cents, known only after a (slow) quote from the auction house. */
export const auctionLots: ReadonlyMap<string, number> = new Map([["AUC-001", 98_000]]);
