import type { Product } from "../gen/microservices/catalog.js";

/** The shop's products, in SKU order: what the catalog serves (a real one would read a database). */
export const products: readonly Product[] = [
  {
    sku: "AUC-001",
    name: "Da Hong Pao, 1998 harvest",
    category: "auction",
    description: "Auction lot: quoted live by the auction house.",
  },
  { sku: "TEA-001", name: "Sencha Fukamushi", category: "tea", description: "Deep-steamed green tea from Shizuoka." },
  {
    sku: "TEA-002",
    name: "Darjeeling First Flush",
    category: "tea",
    description: "Spring-picked black tea, light and floral.",
  },
  { sku: "TEA-003", name: "Tieguanyin", category: "tea", description: "Rolled oolong, orchid notes." },
  { sku: "WARE-001", name: "Kyusu teapot", category: "teaware", description: "Side-handled clay pot, 300 ml." },
  { sku: "WARE-002", name: "Tea bowl", category: "teaware", description: "Hand-thrown stoneware bowl." },
];
