/**
 * Defaults a lab file may leave out. The public network uses TEST-NET-2 (198.51.100.0/24) and
 * the control plane TEST-NET-1 (192.0.2.10): documentation ranges that are never routed, so a
 * lab cannot reach, or be confused with, anything outside the machine.
 */
export const PUBLIC = 'public';
export const DEFAULT_PUBLIC_CIDR = '198.51.100.0/24';
export const DEFAULT_PUBLIC_GATEWAY = '198.51.100.1';
export const DEFAULT_PUBLIC_GATEWAY_HOST = 'ext-gw';
/** Where the managed Kubernetes control plane answers: beyond the public gateway, on its `lo`. */
export const DEFAULT_CONTROL_PLANE = '192.0.2.10';
/** OVHcloud reserves 10.2.0.0/16 for MKS pods (reference §5). */
export const DEFAULT_POD_CIDR = '10.2.0.0/16';
/** First host offset used when allocating node addresses nobody wrote down. */
export const AUTO_ADDRESS_OFFSET = 10;
