// Pure tests must never load Electron by accident: `electron` resolves here unless a test
// replaces it with its own fake (vi.mock). Anything touching it fails loudly.
const handler: ProxyHandler<object> = {
  get(_t, prop) {
    throw new Error(`electron.${String(prop)} used in a test without a fake (vi.mock('electron'))`);
  },
};
export default new Proxy({}, handler);
