export function staticSecurityHeaders(opts: { production: boolean }): { key: string; value: string }[];
export function contentSecurityPolicy(opts: { nonce: string; production: boolean; formTargets?: string[] }): string;
