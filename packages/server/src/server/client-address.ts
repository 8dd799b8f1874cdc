import { isIPv4, isIPv6 } from "node:net";

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Returns the key that a client's failed authentications are counted
 * under. An IPv4 address is its own key, also when written as an
 * IPv4-mapped IPv6 address. An IPv6 address is keyed by its first 64 bits,
 * as `2001:db8:0:1::/64`, because a host can usually pick any address in
 * its /64 network. An empty or unknown address is `unknown`.
 */
export function clientAddressKey(address: string | undefined): string {
  if (address === undefined || address === "") return "unknown";

  const mapped = IPV4_MAPPED.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return "unknown";

  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

/** Returns the eight 16-bit groups of an IPv6 address in lowercase hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const [plain = ""] = address.split("%", 1);
  const [head = "", tail] = plain.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");

  // A trailing dotted IPv4 part fills two groups.
  const written = [...headGroups, ...tailGroups].reduce((sum, group) => sum + (group.includes(".") ? 2 : 1), 0);
  const zeros = Array<string>(tail === undefined ? 0 : 8 - written).fill("0");

  return [...headGroups, ...zeros, ...tailGroups].map((group) => (group.includes(".") ? group : Number.parseInt(group, 16).toString(16)));
}
