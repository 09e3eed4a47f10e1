// Preloaded into the MCP server's process by test/mcp.ts: name lookups answer only
// for this machine, so nothing a tool does (connecting to a cluster's hosts, say)
// can reach the network. Any other name fails as an unknown host would.
import dns from 'node:dns';

const LOCAL = /^(localhost|127(\.\d+){3}|::1|\[::1\])$/i;
const refuse = (hostname) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  if (!LOCAL.test(String(hostname))) return process.nextTick(() => cb(refuse(hostname)));
  return lookup.call(dns, hostname, options, callback);
};
for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveSrv', 'resolveTxt', 'resolveCname', 'resolveAny']) {
  dns[name] = (hostname, ...rest) => process.nextTick(() => rest[rest.length - 1](refuse(hostname)));
  dns.promises[name] = async (hostname) => {
    throw refuse(hostname);
  };
}
const promiseLookup = dns.promises.lookup;
dns.promises.lookup = async (hostname, options) => {
  if (!LOCAL.test(String(hostname))) throw refuse(hostname);
  return promiseLookup.call(dns.promises, hostname, options);
};
