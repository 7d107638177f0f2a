# workerd config for the Chiron edge worker (hosts/worker/main.ts). After `npm run build`:
#   node_modules/.bin/workerd serve hosts/worker/workerd.capnp
# then POST a chain file to http://127.0.0.1:8787/replay. The test (test/crosshost.test.js)
# overrides the socket with --socket-addr http=127.0.0.1:0 to get a free port.
#
# The core is bound as a wasm module: workerd compiles it when it loads the worker and
# refuses to compile wasm from bytes at run time. The module is named "chiron.wasm" so the
# bundle's `import ... from './chiron.wasm'` resolves to it.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "chiron", worker = .chironWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "chiron")],
);

const chironWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "../../dist/bundles/worker.js"),
    (name = "chiron.wasm", wasm = embed "../../build/chiron.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
