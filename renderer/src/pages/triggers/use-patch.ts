import { useState } from 'react';
import type { ComponentPatch } from '../../../../shared/schemas/component';
import { useClient } from '../../api/client-context';
import { describeError, toFieldErrors } from '../../lib/field-issues';
import type { FieldErrors } from '../../lib/field-issues';

/** Save part of a component; the engine's field issues come back keyed by path. */
export function usePatch(componentId: string, onSaved: () => void) {
  const client = useClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const save = async (patch: ComponentPatch): Promise<boolean> => {
    setSaving(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await client.updateComponent(componentId, patch);
      onSaved();
      return true;
    } catch (err) {
      const view = describeError(err);
      setError(view.message);
      setFieldErrors(toFieldErrors(view.issues));
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { save, saving, error, fieldErrors };
}
