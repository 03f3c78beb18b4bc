/** New component, or edit one (loads it first). */
import { routes } from '../../hooks/use-route';
import { useResource } from '../../hooks/use-resource';
import { ErrorBox } from '../../ui/error-box';
import { ComponentForm } from '../component-form/component-form';

export function NewComponentPage() {
  return (
    <section aria-labelledby="new-title">
      <p className="crumbs">
        <a href={routes.components()}>Components</a>
      </p>
      <h1 id="new-title">New component</h1>
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
      <h1 id="edit-title">Edit {res.data?.name ?? ''}</h1>
      <ErrorBox error={res.error} title="Could not load the component" />
      {res.data ? <ComponentForm key={res.data.id} editing={res.data} /> : null}
    </section>
  );
}
