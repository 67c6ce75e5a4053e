import { Button } from '@/components/ui/button';

/**
 * Connect / Reconnect: a plain form POST, so the browser follows our 303 to the Nxsys consent page. A server
 * component: the banner on every page sends no script for it.
 */
export function ConnectButton({ label, variant = 'primary' }: { label: string; variant?: 'primary' | 'secondary' }) {
  return (
    <form method="post" action="/api/nxsys/connect">
      <Button type="submit" variant={variant}>
        {label}
      </Button>
    </form>
  );
}
