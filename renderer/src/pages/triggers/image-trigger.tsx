/**
 * Image webhook: on/off, the webhook secret (and whether senders that cannot sign are still
 * accepted), the tag rule (exact / regex / glob / semver) and its live tester.
 */
import '../../lib/zod-setup';
import { useState } from 'react';
import type { Component } from '../../../../shared/schemas/component';
import type { WebhookUrl } from '../../../../shared/schemas/status';
import { parseImageRef } from '../../../../shared/image-ref';
import { TAG_PATTERN_MAX_LENGTH, tagRuleKind, validateTagPattern } from '../../../../shared/tag-rule';
import type { TagRuleKind } from '../../../../shared/tag-rule';
import { CheckboxField, TextField } from '../../ui/field';
import { SecretField } from './secret-field';
import { TagTester } from './tag-tester';
import { TriggerCard, TriggerSaveRow } from './trigger-card';
import { usePatch } from './use-patch';
import { WebhookUrlField } from './webhook-url';

const KINDS: { kind: TagRuleKind; label: string; placeholder: string; hint: string }[] = [
  { kind: 'exact', label: 'Exact tag', placeholder: '', hint: '' },
  { kind: 'regex', label: 'Regular expression', placeholder: 'v5\\..*', hint: 'Must match the whole tag (RE2 syntax).' },
  { kind: 'glob', label: 'Glob', placeholder: 'v5.*', hint: '* any characters, ? one character, {a,b} either; a dot is a dot.' },
  { kind: 'semver', label: 'Semver range', placeholder: '^5.0.0', hint: 'Tags like 5.1.0 or v5.1.0; e.g. ^5.0.0, ~1.2, >=1.2 <2.' },
];

const PREFIX: Record<TagRuleKind, string> = { exact: '', regex: '', glob: 'glob:', semver: 'semver:' };

export const composePattern = (kind: TagRuleKind, body: string): string => (kind === 'exact' ? '' : `${PREFIX[kind]}${body}`);

function configuredTagOf(image: string): string | undefined {
  try {
    return parseImageRef(image).tag;
  } catch {
    return undefined;
  }
}

export function ImageTrigger({ component, hook, onSaved }: { component: Component; hook?: WebhookUrl; onSaved: () => void }) {
  const saved = component.triggers.image;
  const { save, saving, error, fieldErrors } = usePatch(component.id, onSaved);
  const [kind, setKind] = useState<TagRuleKind>(() => tagRuleKind(saved?.tagPattern ?? ''));
  const [body, setBody] = useState(() => (saved?.tagPattern ?? '').slice(PREFIX[tagRuleKind(saved?.tagPattern ?? '')].length));
  const [noDowngrade, setNoDowngrade] = useState(saved?.noDowngrade ?? false);
  // "Saved" stays until the rule is edited again; the tester keeps its tags across a save
  const [savedRule, setSavedRule] = useState<string>();
  const [allowUnsigned, setAllowUnsigned] = useState(saved?.allowUnsigned ?? false);
  if (component.source.type !== 'image') return null;

  const pattern = composePattern(kind, body);
  const configuredTag = configuredTagOf(component.source.image);
  const currentTag = component.running?.tag ?? configuredTag;
  const patternError =
    kind !== 'exact' && body.trim() === ''
      ? 'enter a pattern'
      : pattern.length > TAG_PATTERN_MAX_LENGTH
        ? `at most ${TAG_PATTERN_MAX_LENGTH} characters`
        : (validateTagPattern(pattern) ?? fieldErrors['triggers.image.tagPattern']);
  const dirty = pattern !== (saved?.tagPattern ?? '') || noDowngrade !== (saved?.noDowngrade ?? false);
  const meta = KINDS.find((k) => k.kind === kind)!;

  return (
    <TriggerCard
      kind="image"
      title="Image webhook"
      intro="A registry calls this URL when an image is pushed; matching tags are pulled and deployed."
      enabled={!!saved?.enabled}
      saving={saving}
      save={save}
    >
      {saved?.enabled ? <WebhookUrlField hook={hook} /> : null}
      <fieldset className="image-auth">
        <legend>Authentication</legend>
        <SecretField
          componentId={component.id}
          kind="git"
          label="Webhook secret"
          isSet={!!saved?.secretSet}
          regenerateWarning="GHCR, Harbor and registry notifications must be given the new secret, or their deliveries will be refused."
        />
        <p className="hint" id="image-auth-hint">
          {saved?.secretSet
            ? 'Every delivery must authenticate: GHCR signs with this secret; Harbor and registry notifications send it as their Authorization header.'
            : 'Without a secret the webhook URL alone is the credential: anyone who learns it can make the app pull a tag the registry really has.'}
        </p>
        {saved?.secretSet ? (
          <>
            <CheckboxField
              id="image-allow-unsigned"
              label="Also accept Docker Hub, Aliyun and Quay (they cannot sign)"
              checked={allowUnsigned}
              onChange={setAllowUnsigned}
              hint="Their deliveries are then accepted on the URL alone, and so is anything shaped like them: the secret no longer keeps out someone who learned the URL."
            />
            <TriggerSaveRow
              error={error}
              label="Save authentication"
              disabled={allowUnsigned === (saved?.allowUnsigned ?? false) || saving}
              onSave={() => void save({ triggers: { image: { allowUnsigned } } })}
            />
          </>
        ) : null}
      </fieldset>
      <fieldset className="tag-rule">
        <legend>Tag rule</legend>
        <div className="segmented" role="radiogroup" aria-label="Tag rule kind">
          {KINDS.map((k) => (
            <label key={k.kind} className={kind === k.kind ? 'selected' : undefined}>
              <input type="radio" name="tag-rule-kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} />
              {k.label}
            </label>
          ))}
        </div>
        {kind === 'exact' ? (
          <p className="hint" id="tag-rule-exact">
            Deploys only when <code>{configuredTag ?? 'latest'}</code> (the image's tag) is pushed again.
          </p>
        ) : (
          <TextField
            id="tag-rule-pattern"
            label="Pattern"
            className="mono"
            value={body}
            onChange={setBody}
            placeholder={meta.placeholder}
            hint={meta.hint}
            error={patternError ?? undefined}
            spellCheck={false}
            autoComplete="off"
          />
        )}
        <CheckboxField
          id="tag-rule-no-downgrade"
          label="Never move to a lower version than the one deployed"
          checked={noDowngrade}
          onChange={setNoDowngrade}
          hint="Applies to version tags (1.2.3 / v1.2.3)."
        />
        <TagTester pattern={pattern} configuredTag={configuredTag} currentTag={currentTag} runningTag={component.running?.tag} noDowngrade={noDowngrade} />
        <TriggerSaveRow
          error={error && !fieldErrors['triggers.image.tagPattern'] ? error : undefined}
          label="Save tag rule"
          disabled={!dirty || !!patternError || saving}
          saved={savedRule === `${pattern}:${String(noDowngrade)}` && !dirty}
          onSave={() =>
            void save({ triggers: { image: { tagPattern: pattern, noDowngrade } } }).then((ok) => {
              if (ok) setSavedRule(`${pattern}:${String(noDowngrade)}`);
            })
          }
        />
      </fieldset>
    </TriggerCard>
  );
}
