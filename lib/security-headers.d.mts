export function staticSecurityHeaders(opts: { production: boolean }): { key: string; value: string }[];
export function contentSecurityPolicy(opts: { nonce: string; production: boolean; formTargets?: string[] }): string;
export const NO_REFERRER_PATHS: string[];
export function securityHeaderRules(opts: { production: boolean }): { source: string; headers: { key: string; value: string }[] }[];
export const API_CONTENT_SECURITY_POLICY: string;
