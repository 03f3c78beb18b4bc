/** Turns pure tray items into an Electron menu template whose clicks dispatch the item's action. */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem } from '../../shared/tray-menu';

/** Windows reads "&" as a mnemonic marker; "&&" shows a literal ampersand. */
const escapeLabel = (label: string): string => label.replace(/&/g, '&&');

export function toMenuTemplate(items: TrayMenuItem[], dispatch: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'checkbox': {
        const { action } = item;
        return { id: item.id, type: 'checkbox', label: escapeLabel(item.label), enabled: item.enabled, checked: item.checked, click: () => dispatch(action) };
      }
      case 'submenu':
        return { id: item.id, type: 'submenu', label: escapeLabel(item.label), enabled: item.enabled, submenu: toMenuTemplate(item.submenu, dispatch) };
      case 'normal': {
        const { action } = item;
        return { id: item.id, type: 'normal', label: escapeLabel(item.label), enabled: item.enabled, ...(action ? { click: () => dispatch(action) } : {}) };
      }
    }
  });
}
