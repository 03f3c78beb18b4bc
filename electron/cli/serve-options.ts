/** The options `autodeploy serve` takes, parsed the same way by `serve` and `install-service`. */
export const SERVE_OPTIONS = {
  'data-dir': { type: 'string' },
  'webhook-port': { type: 'string' },
  'control-port': { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
