/**
 * Delivery outcomes as a plain list. Pages that only display them import this instead of the
 * zod schema: building a zod object probes `new Function`, which the dashboard's CSP forbids.
 */
export const DELIVERY_OUTCOMES = ['queued', 'ignored', 'duplicate', 'rejected'] as const;
export type DeliveryOutcomeName = (typeof DELIVERY_OUTCOMES)[number];
