/**
 * Create or edit a component. Validated with the engine's zod schemas as the user types (after
 * the first submit), and the engine's own `ApiError.details` land next to the same fields.
 */
import { useEffect, useRef, useState } from 'react';
import type { FieldIssue } from '../../../../shared/api';
import type { Component } from '../../../../shared/schemas/component';
import { useClient } from '../../api/client-context';
import { describeError, toFieldErrors } from '../../lib/field-issues';
import { navigate, routes } from '../../hooks/use-route';
import { CheckboxField, fieldId, TextField } from '../../ui/field';
import { IssueList } from '../../ui/error-box';
import { DeployFields } from './deploy-fields';
import { draftFromComponent, emptyDraft, validateCreate, validatePatch } from './draft';
import type { ComponentDraft } from './draft';
import { SourceFields } from './source-fields';

const PLACED_ALWAYS = [
  /^name$/,
  /^deploy\.(target|replicas|restart|network|keepImages|adoptContainer)$/,
  /^deploy\.command(\.\d+)?$/,
  /^deploy\.(ports|volumes)\.\d+$/,
  /^deploy\.env\..*$/,
  /^deploy\.healthcheck\.(timeoutSeconds|stableSeconds)$/,
];
const PLACED_IMAGE = [/^source\.(image|registryUsername)$/, /^registryPassword$/];
const PLACED_GIT = [/^source\.(repo|branch|dockerfile|context|username)$/, /^source\.buildArgs\..*$/, /^gitToken$/];
const PLACED_PROBE = [/^deploy\.healthcheck\.http\.(url|expectStatus|timeoutSeconds)$/];

/** Whether the form shows `path` next to a field (the rest go to the summary at the top). */
export function isPlaced(path: string, draft: ComponentDraft): boolean {
  const sets = [PLACED_ALWAYS, draft.sourceType === 'image' ? PLACED_IMAGE : PLACED_GIT, draft.probe ? PLACED_PROBE : []];
  return sets.some((set) => set.some((re) => re.test(path)));
}

export function ComponentForm({ editing }: { editing?: Component }) {
  const client = useClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<ComponentDraft>(() => (editing ? draftFromComponent(editing) : emptyDraft()));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string>();
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [focusInvalid, setFocusInvalid] = useState(0);

  const validate = (d: ComponentDraft) => (editing ? validatePatch(d, editing) : validateCreate(d));

  const set = (patch: Partial<ComponentDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (attempted) {
      const v = validate(next);
      setIssues(v.ok ? [] : v.issues);
      setFailure(undefined);
    }
  };

  useEffect(() => {
    if (focusInvalid === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusInvalid]);

  const submit = async () => {
    setAttempted(true);
    setFailure(undefined);
    const invalid = (found: FieldIssue[]) => {
      setIssues(found);
      setFocusInvalid((n) => n + 1);
    };
    let save: () => Promise<Component>;
    if (editing) {
      const v = validatePatch(draft, editing);
      if (!v.ok) return invalid(v.issues);
      save = () => client.updateComponent(editing.id, v.value);
    } else {
      const v = validateCreate(draft);
      if (!v.ok) return invalid(v.issues);
      save = () => client.createComponent(v.value);
    }
    setIssues([]);
    setSaving(true);
    try {
      const saved = await save();
      navigate(routes.component(saved.id));
    } catch (err) {
      const view = describeError(err);
      setIssues(view.issues);
      setFailure(view.message);
      setFocusInvalid((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  const errors = toFieldErrors(issues);
  const unplaced = issues.filter((i) => !isPlaced(i.path, draft));
  return (
    <form
      ref={formRef}
      className="component-form"
      noValidate
      aria-label={editing ? `Edit ${editing.name}` : 'New component'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {failure || issues.length > 0 ? (
        <div className="error-box" role="alert">
          <strong>{failure ? `Not saved: ${failure}` : `Please fix ${issues.length === 1 ? 'the field' : `${issues.length} fields`} marked below.`}</strong>
          {unplaced.length > 0 ? <IssueList issues={unplaced} /> : null}
        </div>
      ) : null}
      <fieldset>
        <legend>Component</legend>
        <TextField
          id={fieldId('name')}
          label="Name"
          value={draft.name}
          onChange={(name) => set({ name })}
          error={errors.name}
          placeholder="web"
          spellCheck={false}
          autoComplete="off"
          hint="Also the container's name. Lower-case letters, digits, '.', '_' and '-'."
        />
        <CheckboxField
          id={fieldId('autoBuild')}
          label="Auto-build"
          hint="Webhooks and the custom API deploy this component by themselves (image components too; the name is Rainbond's). Off: they are answered “ignored”; Deploy now still works."
          checked={draft.autoBuild}
          onChange={(autoBuild) => set({ autoBuild })}
        />
      </fieldset>
      <SourceFields draft={draft} errors={errors} set={set} credentialsSet={!!editing?.credentialsSet} />
      {!editing ? (
        <fieldset>
          <legend>Triggers</legend>
          <p className="hint">You get a webhook URL for each; secrets are generated. Tag rules and keywords are set on the next page.</p>
          {draft.sourceType === 'git' ? (
            <CheckboxField
              id={fieldId('triggers.git')}
              label="Git webhook (push with @deploy in the commit message)"
              checked={draft.triggers.git}
              onChange={(git) => set({ triggers: { ...draft.triggers, git } })}
            />
          ) : (
            <CheckboxField
              id={fieldId('triggers.image')}
              label="Image webhook (registry push)"
              checked={draft.triggers.image}
              onChange={(image) => set({ triggers: { ...draft.triggers, image } })}
            />
          )}
          <CheckboxField
            id={fieldId('triggers.api')}
            label="Custom API (CI calls a URL with a secret key)"
            checked={draft.triggers.api}
            onChange={(api) => set({ triggers: { ...draft.triggers, api } })}
          />
        </fieldset>
      ) : null}
      <DeployFields draft={draft} errors={errors} set={set} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Create component'}
        </button>
        <a className="button" href={editing ? routes.component(editing.id) : routes.components()}>
          Cancel
        </a>
      </div>
    </form>
  );
}
