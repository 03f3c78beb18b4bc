/** New component, or edit one (loads it first). */
import { routes } from '../../hooks/use-route';
import { useResource } from '../../hooks/use-resource';
import { ErrorBox } from '../../ui/error-box';
import { PageHeading } from '../../ui/page-heading';
import { ComponentForm } from '../component-form/component-form';

export function NewComponentPage() {
  return (
    <section aria-labelledby="new-title">
      <p className="crumbs">
        <a href={routes.components()}>Components</a>
      </p>
      <PageHeading id="new-title" title="New component" />
      <ComponentForm />
    </section>
  );
}

export function EditComponentPage({ id }: { id: string }) {
  // Loaded once: the form must not reset while the user types because something changed.
  const res = useResource(`edit:${id}`, (c) => c.getComponent(id));
  return (
    <section aria-labelledby="edit-title">
      <p className="crumbs">
        <a href={routes.components()}>Components</a> / <a href={routes.component(id)}>{res.data?.name ?? id}</a>
      </p>
      <PageHeading id="edit-title" title={res.data ? `Edit ${res.data.name}` : res.error ? 'Edit component' : undefined}>
        Edit {res.data?.name ?? ''}
      </PageHeading>
      <ErrorBox error={res.error} title="Could not load the component" />
      {res.data ? <ComponentForm key={res.data.id} editing={res.data} /> : null}
    </section>
  );
}
