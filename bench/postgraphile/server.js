// PostGraphile 4 serving the archives table for bench/graphql_vs_postgraphile.py (not part of the product).
// Usage: node server.js <postgres url> <port>
const http = require("http");
const { postgraphile } = require("postgraphile");

const [connection, port] = process.argv.slice(2);
const middleware = postgraphile(connection, ["public", "bench_postgraphile"], {
  graphileBuildOptions: { pgUsePartitionedParent: true }, // customers is partitioned by bank (migration 0026)
  disableQueryLog: true,
  graphiql: false,
  retryOnInitFail: true,
});
http.createServer(middleware).listen(Number(port), "127.0.0.1");
