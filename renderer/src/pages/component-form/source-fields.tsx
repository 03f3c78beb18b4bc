/** Where the component comes from: an image reference, or a git repository built with a Dockerfile. */
import type { FieldErrors } from '../../lib/field-issues';
import { fieldId, TextField } from '../../ui/field';
import type { ComponentDraft } from './draft';
import { KeyValueEditor } from './row-editors';

type Props = {
  draft: ComponentDraft;
  errors: FieldErrors;
  set: (patch: Partial<ComponentDraft>) => void;
  credentialsSet: boolean;
};

export function SourceFields({ draft, errors, set, credentialsSet }: Props) {
  const keepHint = credentialsSet ? 'One is stored; leave empty to keep it.' : undefined;
  return (
    <fieldset>
      <legend>Source</legend>
      <div className="segmented" role="radiogroup" aria-label="Source type">
        {(['image', 'git'] as const).map((t) => (
          <label key={t} className={draft.sourceType === t ? 'selected' : undefined}>
            <input type="radio" name="sourceType" value={t} checked={draft.sourceType === t} onChange={() => set({ sourceType: t })} />
            {t === 'image' ? 'Image from a registry' : 'Build from a git repository'}
          </label>
        ))}
      </div>
      {draft.sourceType === 'image' ? (
        <>
          <TextField
            id={fieldId('source.image')}
            label="Image"
            className="mono"
            value={draft.image}
            onChange={(image) => set({ image })}
            error={errors['source.image']}
            placeholder="registry.example.com/team/web:v1"
            spellCheck={false}
            hint="The tag deployed first; an image webhook with a tag rule moves it to each matching pushed tag."
          />
          <div className="grid2">
            <TextField
              id={fieldId('source.registryUsername')}
              label="Registry username (private images)"
              value={draft.registryUsername}
              onChange={(registryUsername) => set({ registryUsername })}
              error={errors['source.registryUsername']}
              autoComplete="off"
            />
            <TextField
              id={fieldId('registryPassword')}
              label="Registry password or token"
              type="password"
              value={draft.registryPassword}
              onChange={(registryPassword) => set({ registryPassword })}
              error={errors.registryPassword}
              autoComplete="new-password"
              hint={keepHint}
            />
          </div>
        </>
      ) : (
        <>
          <TextField
            id={fieldId('source.repo')}
            label="Repository"
            className="mono"
            value={draft.repo}
            onChange={(repo) => set({ repo })}
            error={errors['source.repo']}
            placeholder="https://github.com/you/app.git"
            hint="An https://, ssh:// or git@host:path URL, or a repository on this machine: /srv/git/app.git or file:///srv/git/app.git (then a post-receive hook calls the custom API; the triggers show it)."
            spellCheck={false}
          />
          <div className="grid3">
            <TextField id={fieldId('source.branch')} label="Branch" value={draft.branch} onChange={(branch) => set({ branch })} error={errors['source.branch']} spellCheck={false} />
            <TextField
              id={fieldId('source.dockerfile')}
              label="Dockerfile"
              value={draft.dockerfile}
              onChange={(dockerfile) => set({ dockerfile })}
              error={errors['source.dockerfile']}
              spellCheck={false}
            />
            <TextField
              id={fieldId('source.context')}
              label="Build context"
              value={draft.context}
              onChange={(context) => set({ context })}
              error={errors['source.context']}
              spellCheck={false}
            />
          </div>
          <div className="grid2">
            <TextField
              id={fieldId('source.username')}
              label="Git username (private https repositories)"
              value={draft.gitUsername}
              onChange={(gitUsername) => set({ gitUsername })}
              error={errors['source.username']}
              autoComplete="off"
            />
            <TextField
              id={fieldId('gitToken')}
              label="Access token"
              type="password"
              value={draft.gitToken}
              onChange={(gitToken) => set({ gitToken })}
              error={errors.gitToken}
              autoComplete="new-password"
              hint={keepHint}
            />
          </div>
          <KeyValueEditor
            path="source.buildArgs"
            label="Build arguments"
            itemLabel="Build argument"
            rows={draft.buildArgs}
            errors={errors}
            onChange={(buildArgs) => set({ buildArgs })}
          />
        </>
      )}
    </fieldset>
  );
}
