/** A form's own error banner (a failed save), announced to screen readers; nothing when there is none. */
export function FormError({ message, className = '' }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <div role="alert" className={`rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 ${className}`}>
      {message}
    </div>
  );
}
