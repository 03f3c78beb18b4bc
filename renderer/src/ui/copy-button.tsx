/**
 * Copy a value with one click and say so. Uses the async clipboard API; where it is missing
 * or refused (insecure context, no permission) it falls back to a selected hidden textarea +
 * execCommand, and as a last resort shows the value selected for Ctrl+C.
 */
import { useEffect, useRef, useState } from 'react';

type Result = 'idle' | 'copied' | 'manual';

function legacyCopy(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  return legacyCopy(text);
}

export function CopyButton({ value, label = 'Copy', what }: { value: string; label?: string; what?: string }) {
  const [result, setResult] = useState<Result>('idle');
  const manualRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (result !== 'copied') return;
    const t = setTimeout(() => setResult('idle'), 2000);
    return () => clearTimeout(t);
  }, [result]);
  useEffect(() => {
    if (result !== 'manual') return;
    manualRef.current?.focus();
    manualRef.current?.select();
  }, [result]);

  return (
    <span className="copy">
      <button
        type="button"
        className="small"
        aria-label={what ? `${label} ${what}` : label}
        onClick={() => void copyText(value).then((ok) => setResult(ok ? 'copied' : 'manual'))}
      >
        {result === 'copied' ? 'Copied' : label}
      </button>
      <span role="status" className="copy-status">
        {result === 'copied' ? 'Copied to the clipboard' : ''}
      </span>
      {result === 'manual' ? (
        <input
          ref={manualRef}
          className="copy-manual"
          readOnly
          value={value}
          aria-label="Press Ctrl+C (⌘C) to copy"
          onBlur={() => setResult('idle')}
        />
      ) : null}
    </span>
  );
}
