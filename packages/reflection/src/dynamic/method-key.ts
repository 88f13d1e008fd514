/**
 * The key of a method in a service definition: the proto name in lowerCamelCase, as
 * `h2rpc generate` writes it (`SayHello` → `sayHello`, `get_value` → `getValue`).
 */
export function methodKey(protoName: string): string {
  const camel = protoName.includes("_") ? snakeToCamel(protoName) : protoName;
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

function snakeToCamel(name: string): string {
  const hasLowerCase = /[a-z]/.test(name);
  return name
    .split("_")
    .map((word, index) => {
      const w = hasLowerCase ? word : word.toLowerCase();
      return index === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join("");
}
