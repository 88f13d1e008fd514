import type { PriceBook } from "./price-book.js";

/** Relative price moves, applied in turn: the market goes up and down, always the same way. */
const moves = [0.03, -0.02, 0.01, -0.01];

/**
 * Moves every price in `book` once per `intervalMs` (deterministically, so runs are repeatable).
 * Returns a function that stops it. The timer does not keep the process alive.
 */
export function startMarket(book: PriceBook, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const sku of book.skus()) {
      const price = book.get(sku)!;
      const move = moves[price.revision % moves.length]!;
      book.set(sku, Math.max(1, Math.round(price.cents * (1 + move))));
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
