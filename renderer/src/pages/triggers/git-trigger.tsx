/** Git webhook: on/off, the commit keyword (or every push), and the webhook secret. */
import '../../lib/zod-setup';
import { useState } from 'react';
import { gitTrigger } from '../../../../shared/schemas/component';
import type { Component } from '../../../../shared/schemas/component';
import type { WebhookUrl } from '../../../../shared/schemas/status';
import { issuesFromZod } from '../../lib/field-issues';
import { TextField } from '../../ui/field';
import { SecretField } from './secret-field';
import { TriggerCard, TriggerSaveRow } from './trigger-card';
import { usePatch } from './use-patch';
import { WebhookUrlField } from './webhook-url';

export function GitTrigger({ component, hook, onSaved }: { component: Component; hook?: WebhookUrl; onSaved: () => void }) {
  const saved = component.triggers.git;
  const { save, saving, error, fieldErrors } = usePatch(component.id, onSaved);
  const savedKeyword = saved?.keyword ?? 'deploy';
  const [everyPush, setEveryPush] = useState(savedKeyword === '');
  const [keyword, setKeyword] = useState(savedKeyword === '' ? 'deploy' : savedKeyword);
  if (component.source.type !== 'git') return null;

  const effective = everyPush ? '' : keyword.trim().replace(/^@/, '');
  const parsed = gitTrigger.shape.keyword.safeParse(effective);
  const keywordError = !everyPush && effective === '' ? 'enter a keyword, or choose "every push"' : parsed.success ? fieldErrors['triggers.git.keyword'] : issuesFromZod(parsed.error)[0]?.message;
  const dirty = effective !== savedKeyword;
  const branch = component.source.branch;

  return (
    <TriggerCard
      kind="git"
      title="Git webhook"
      intro={
        <>
          Your git host calls this URL on every push; pushes to <code>{branch}</code> are built from the pushed commit.
        </>
      }
      enabled={!!saved?.enabled}
      saving={saving}
      save={save}
    >
      {saved?.enabled ? <WebhookUrlField hook={hook} /> : null}
      <SecretField
        componentId={component.id}
        kind="git"
        label="Webhook secret"
        isSet={!!saved?.secretSet}
        regenerateWarning="The git host must be given the new secret, or its pushes will be refused."
      />
      <fieldset>
        <legend>Which pushes deploy</legend>
        <div className="radio">
          <input type="radio" id="git-keyword-mode" name="git-mode" checked={!everyPush} onChange={() => setEveryPush(false)} />
          <label htmlFor="git-keyword-mode">Only when a commit message contains a keyword</label>
        </div>
        {!everyPush ? (
          <TextField
            id="git-keyword"
            label="Keyword"
            className="mono keyword"
            value={keyword}
            onChange={setKeyword}
            error={keywordError}
            hint={`A push deploys when its commit message contains @${effective || 'keyword'}.`}
            spellCheck={false}
            autoComplete="off"
          />
        ) : null}
        <div className="radio">
          <input type="radio" id="git-every-push" name="git-mode" checked={everyPush} onChange={() => setEveryPush(true)} />
          <label htmlFor="git-every-push">Every push to {branch}</label>
        </div>
        <TriggerSaveRow error={error} disabled={!dirty || !!keywordError || saving} onSave={() => void save({ triggers: { git: { keyword: effective } } })} />
      </fieldset>
    </TriggerCard>
  );
}
